package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * A platform team that turns HTTP compression on for its JSON still gets uncompressed streams: a
 * compressor holds each small chunk back until it has enough to squeeze.
 */
@QuarkusTest
@TestProfile(StreamsStayUncompressedTest.CompressionOn.class)
class StreamsStayUncompressedTest {

    public static class CompressionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.enable-compression", "true");
        }
    }

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    @Test
    void compressionIsReallyOnForPlainResponses() throws Exception {
        String response = RawHttp.get(root, "/api/stats", "Accept-Encoding: gzip");
        assertEquals(true, response.toLowerCase().contains("content-encoding: gzip"), response);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/iframe/clock", "/api/clock/events", "/api/clock/stream" })
    void streamsAreNeverCompressed(String path) throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve(path), "Accept-Encoding", "gzip, deflate, br")) {
            LineTap.assertStatus(tap, 200);
            assertNull(tap.headers(Duration.ofSeconds(5)).get("Content-Encoding"));
            tap.next(Duration.ofSeconds(5));
        }
    }
}
