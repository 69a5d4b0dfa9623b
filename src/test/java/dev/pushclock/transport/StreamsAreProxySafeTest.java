package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.MultiMap;

/**
 * Streams tell caches and proxies not to hold, transform or buffer them, and are never compressed,
 * even where a platform team turns HTTP compression on for its JSON and the client offers gzip: a
 * compressor would sit on each small chunk until it had enough to squeeze.
 */
@QuarkusTest
@TestProfile(StreamsAreProxySafeTest.CompressionOn.class)
class StreamsAreProxySafeTest {

    public static class CompressionOn extends ManualTime {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.enable-compression", "true");
        }
    }

    @TestHTTPResource("/")
    URI root;

    @Test
    void compressionIsReallyOnForPlainResponses() throws Exception {
        String response = RawHttp.get(root, "/api/stats", "Accept-Encoding: gzip");
        assertTrue(response.toLowerCase().contains("content-encoding: gzip"), response);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "IFRAME", "SSE", "NDJSON" })
    void streamingHeadersAndNoCompression(Transport transport) throws Exception {
        try (LineTap tap = LineTap.open(TestVertx.get(), root.resolve(transport.path()), "Accept-Encoding", "gzip, deflate, br")) {
            LineTap.assertStatus(tap, 200);
            MultiMap headers = tap.headers(Duration.ofSeconds(5));
            assertEquals(transport.contentType(), headers.get("Content-Type"));
            assertEquals("no-cache, no-transform", headers.get("Cache-Control"));
            assertEquals("no", headers.get("X-Accel-Buffering"));
            assertEquals("chunked", headers.get("Transfer-Encoding"));
            assertNull(headers.get("Content-Encoding"), "compressed: " + headers);
            tap.next(Duration.ofSeconds(5));
        }
    }
}
