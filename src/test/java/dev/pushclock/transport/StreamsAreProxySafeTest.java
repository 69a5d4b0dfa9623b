package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;

/**
 * Streams tell caches and proxies not to hold, transform or buffer them, and are never compressed,
 * even for a client that offers gzip: a compressor would sit on each chunk.
 */
@QuarkusTest
class StreamsAreProxySafeTest {

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    @ParameterizedTest
    @ValueSource(strings = { "/iframe/clock", "/api/clock/events", "/api/clock/stream" })
    void streamingHeaders(String path) throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve(path), "Accept-Encoding", "gzip, deflate, br")) {
            LineTap.assertStatus(tap, 200);
            MultiMap headers = tap.headers(Duration.ofSeconds(5));
            assertEquals("no-cache, no-transform", headers.get("Cache-Control"));
            assertEquals("no", headers.get("X-Accel-Buffering"));
            assertEquals("chunked", headers.get("Transfer-Encoding"));
            assertNull(headers.get("Content-Encoding"), "compressed: " + headers);
            tap.next(Duration.ofSeconds(5));
        }
    }
}
