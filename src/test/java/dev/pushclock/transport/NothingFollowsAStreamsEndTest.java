package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.PlainServer;
import dev.pushclock.testing.RawHttp;
import io.vertx.core.http.HttpServerOptions;

/**
 * A frame that was waiting when its stream ended (the service draining while a client is slow) is
 * not written: on a kept-alive connection, bytes past the last chunk would be read as the head of
 * the next response.
 */
class NothingFollowsAStreamsEndTest {

    private static final String LAST_CHUNK = "0\r\n\r\n";

    @Test
    void aFrameAfterTheEndIsNotWritten() throws Exception {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        try (PlainServer server = PlainServer.start(new HttpServerOptions(), request -> {
            ChunkedSink sink = new ChunkedSink(request, "application/x-ndjson");
            sink.write(List.of(Chunk.of("a\n")), ok -> {
            });
            sink.end();
            sink.write(List.of(Chunk.of("b\n")), written::complete);
        })) {
            // kept alive: read to the last chunk, then on for a while for anything that follows it
            String received = RawHttp.send(server.uri(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofMillis(1500), text -> text.contains(LAST_CHUNK) && !text.endsWith(LAST_CHUNK)).text();

            assertEquals("2\r\na\n\r\n" + LAST_CHUNK, received.substring(received.indexOf("\r\n\r\n") + 4), received);
            assertFalse(written.get(5, TimeUnit.SECONDS), "a frame after the end was said to be written");
        }
    }
}
