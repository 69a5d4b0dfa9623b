package dev.pushclock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pushclock.testing.PlainServer;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PfxOptions;

/**
 * Chunks framed once and written past Vert.x's response come out as the encoder would have framed
 * them, through TLS too, and keep the idle timeout from firing; where the encoder would not frame
 * a body so (before the head, HTTP/1.0, HTTP/2, a compressor at work) there is no raw writer.
 */
class RawChunksTest {

    private static final String HEAD_CHUNK = "2\r\na\n\r\n";
    private static final String LAST_CHUNK = "0\r\n\r\n";

    private PlainServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void framedChunksFollowTheHeadAsWritten() throws Exception {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        URI uri = start(new HttpServerOptions(), request -> {
            RawChunks raw = RawChunks.of(headOut(request));
            raw.write(framed("b\n"), ok -> {
            });
            raw.write(framed("cc\n"), ok -> {
                written.complete(ok);
                request.response().end();
            });
        });

        String received = RawHttp.send(uri, get("HTTP/1.1"), Duration.ofSeconds(5), text -> text.endsWith(LAST_CHUNK)).text();

        assertEquals(HEAD_CHUNK + "2\r\nb\n\r\n" + "3\r\ncc\n\r\n" + LAST_CHUNK, body(received), received);
        assertTrue(written.get(5, TimeUnit.SECONDS), "the socket took the chunk");
    }

    @Test
    void framedChunksGoThroughTls() throws Exception {
        Path keyStore = LocalhostKeyStore.ensure(Files.createTempDirectory("raw-chunks"), Instant.now());
        PfxOptions key = new PfxOptions().setPath(keyStore.toString()).setPassword(LocalhostKeyStore.PASSWORD);
        URI uri = start(new HttpServerOptions().setSsl(true).setKeyCertOptions(key), request -> {
            RawChunks raw = RawChunks.of(headOut(request));
            raw.write(framed("b\n"), ok -> request.response().end());
        });

        HttpClient client = TestVertx.get().createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
        try {
            String body = client.request(HttpMethod.GET, uri.getPort(), "localhost", "/")
                    .compose(request -> request.send()).compose(response -> response.body())
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).toString();

            assertEquals("a\nb\n", body);
        } finally {
            client.close();
        }
    }

    @Test
    void theIdleTimeoutSeesTheWrites() throws Exception {
        // a client of a stream sends nothing after its request: only the writes keep an idle timeout away
        int writes = 6;
        URI uri = start(new HttpServerOptions().setIdleTimeout(1), request -> {
            RawChunks raw = RawChunks.of(headOut(request));
            int[] left = { writes };
            TestVertx.get().setPeriodic(300, timer -> {
                raw.write(framed("b\n"), ok -> {
                });
                if (--left[0] == 0) {
                    TestVertx.get().cancelTimer(timer);
                    request.response().end();
                }
            });
        });

        RawHttp.Exchange exchange = RawHttp.send(uri, get("HTTP/1.1"), Duration.ofSeconds(5), text -> text.endsWith(LAST_CHUNK));

        assertEquals(HEAD_CHUNK + "2\r\nb\n\r\n".repeat(writes) + LAST_CHUNK, body(exchange.text()),
                "1.8 s of writes, a second's idle timeout: " + exchange);
        assertFalse(exchange.closedByServer(), "the idle timeout closed a connection that was being written");
    }

    @Test
    void aWriteToAConnectionThatIsGoneSaysSo() throws Exception {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        URI uri = start(new HttpServerOptions(), request -> {
            RawChunks raw = RawChunks.of(headOut(request));
            request.connection().closeHandler(closed -> raw.write(framed("b\n"), written::complete));
        });

        RawHttp.send(uri, get("HTTP/1.1"), Duration.ofSeconds(5), text -> text.endsWith(HEAD_CHUNK));

        assertFalse(written.get(5, TimeUnit.SECONDS), "a chunk for a closed connection was said to be written");
    }

    @Test
    void noneBeforeTheHead() throws Exception {
        assertNull(answerOf(new HttpServerOptions(), get("HTTP/1.1"), request -> {
            request.response().setChunked(true);
            return RawChunks.of(request);
        }));
    }

    @Test
    void noneForHttp10() throws Exception {
        // HTTP/1.0 has no chunks: the body is written as it is, and the connection's close ends it
        assertNull(answerOf(new HttpServerOptions(), get("HTTP/1.0"), request -> RawChunks.of(headOut(request))));
    }

    @Test
    void noneForHttp2() throws Exception {
        // HTTP/2 frames a body in DATA frames of its own, on a connection the other streams share
        CompletableFuture<RawChunks> found = new CompletableFuture<>();
        URI uri = start(new HttpServerOptions(), request -> {
            found.complete(RawChunks.of(headOut(request)));
            request.response().end();
        });
        HttpClient client = TestVertx.get().createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            HttpVersion version = client.request(HttpMethod.GET, uri.getPort(), "127.0.0.1", "/")
                    .compose(request -> request.send()).compose(response -> response.body().map(body -> response.version()))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertEquals(HttpVersion.HTTP_2, version);
            assertNull(found.get(5, TimeUnit.SECONDS));
        } finally {
            client.close();
        }
    }

    @Test
    void noneWhereACompressorMayStillChangeTheBody() throws Exception {
        HttpServerOptions compressing = new HttpServerOptions().setCompressionSupported(true);
        byte[] gzipWanted = get("HTTP/1.1", "Accept-Encoding: gzip");

        assertNull(answerOf(compressing, gzipWanted, request -> RawChunks.of(headOut(request))));
        // what the compressor passes by: marked identity, as Quarkus marks what it must not compress, or not asked for
        assertNotNull(answerOf(compressing, gzipWanted, request -> {
            request.response().putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
            return RawChunks.of(headOut(request));
        }));
        assertNotNull(answerOf(compressing, get("HTTP/1.1"), request -> RawChunks.of(headOut(request))));
    }

    /** The raw writer a request's handler found, with the response ended. */
    private RawChunks answerOf(HttpServerOptions options, byte[] request, Function<HttpServerRequest, RawChunks> handler)
            throws Exception {
        CompletableFuture<RawChunks> found = new CompletableFuture<>();
        URI uri = start(options, served -> {
            found.complete(handler.apply(served));
            served.response().end();
        });
        RawHttp.Exchange exchange = RawHttp.send(uri, request, Duration.ofSeconds(5), text -> text.endsWith(LAST_CHUNK));
        assertTrue(found.isDone(), "the handler did not answer: " + exchange.text());
        return found.get();
    }

    /** A chunked response whose head has gone out with its first chunk, "a\n". */
    private static HttpServerRequest headOut(HttpServerRequest request) {
        HttpServerResponse response = request.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain");
        response.write("a\n");
        return request;
    }

    private static byte[] framed(String text) {
        return (Integer.toHexString(text.length()) + "\r\n" + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] get(String version, String... headers) {
        StringBuilder request = new StringBuilder("GET / " + version + "\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    private URI start(HttpServerOptions options, Handler<HttpServerRequest> handler) throws Exception {
        server = PlainServer.start(options, handler);
        return server.uri();
    }
}
