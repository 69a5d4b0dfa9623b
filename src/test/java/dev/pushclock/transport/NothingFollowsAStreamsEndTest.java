package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A frame that was waiting when its stream ended (the service draining while a client is slow) is
 * not written: on a kept-alive connection, bytes past the last chunk would be read as the head of
 * the next response.
 */
class NothingFollowsAStreamsEndTest {

    private static final String LAST_CHUNK = "0\r\n\r\n";

    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFrameAfterTheEndIsNotWritten() throws Exception {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        server = TestVertx.get().createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(request -> {
            ChunkedSink sink = new ChunkedSink(request, "application/x-ndjson");
            sink.write(List.of(Chunk.of("a\n")), ok -> {
            });
            sink.end();
            sink.write(List.of(Chunk.of("b\n")), written::complete);
        }).listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/");

        // kept alive: read to the last chunk, then on for a while for anything that follows it
        String received = RawHttp.send(uri, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMillis(1500), text -> text.contains(LAST_CHUNK) && !text.endsWith(LAST_CHUNK)).text();

        assertEquals("2\r\na\n\r\n" + LAST_CHUNK, received.substring(received.indexOf("\r\n\r\n") + 4), received);
        assertFalse(written.get(5, TimeUnit.SECONDS), "a frame after the end was said to be written");
    }
}
