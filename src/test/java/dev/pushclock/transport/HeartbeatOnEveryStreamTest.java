package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** On a quiet clock every stream gets the shared heartbeat, each in its own harmless form. */
@QuarkusTest
@TestProfile(QuietClockProfile.class)
class HeartbeatOnEveryStreamTest {

    private static final Duration TWO_BEATS = Duration.ofMillis(2500);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    @Test
    void sseGetsAComment() throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve("/api/clock/events"))) {
            SseReader sse = new SseReader(tap);
            sse.next("tick", TWO_BEATS);
            SseReader.Event beat = sse.next(TWO_BEATS);
            if ("tick".equals(beat.event())) {
                beat = sse.next(TWO_BEATS);   // the once-a-minute tick came first
            }
            assertEquals(java.util.List.of("heartbeat"), beat.comments(), beat.toString());
            assertEquals(null, beat.id(), "a heartbeat must not move the client's Last-Event-ID");
        }
    }

    @Test
    void ndjsonGetsAHeartbeatLine() throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve("/api/clock/stream"))) {
            assertTrue(new JsonObject(tap.next(TWO_BEATS).text()).containsKey("seq"));
            assertEquals(new JsonObject().put("type", "heartbeat"),
                    new JsonObject(tap.next(line -> !line.contains("\"seq\""), TWO_BEATS).text()));
        }
    }

    @Test
    void theForeverFrameGetsAnHtmlComment() throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve("/iframe/clock"))) {
            tap.next(line -> line.startsWith("<script>"), TWO_BEATS);
            assertEquals("<!-- heartbeat -->", tap.next(line -> !line.startsWith("<script>"), TWO_BEATS).text());
        }
    }

    @Test
    void webSocketGetsAHeartbeatFrame() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            socket.next("tick", TWO_BEATS);
            assertEquals(new JsonObject().put("type", "heartbeat"), socket.next(json -> !"tick".equals(json.getString("type")),
                    TWO_BEATS));
        }
    }
}
