package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.TestVertx;
import dev.pushclock.testing.TickStream;
import dev.pushclock.testing.TickStream.Kind;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * On a quiet clock every stream gets the shared heartbeat once nothing was sent for
 * {@code pushclock.heartbeat}, each in its own harmless form, and a heartbeat never moves a cursor.
 */
@QuarkusTest
@TestProfile(HeartbeatOnEveryStreamTest.QuietClock.class)
class HeartbeatOnEveryStreamTest {

    /** A clock that ticks once a minute with a one-second heartbeat. */
    public static class QuietClock extends ManualTime {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pushclock.tick-period", "60s", "pushclock.heartbeat", "1s");
        }
    }

    static final List<String> STREAMS = TickStream.IDS;

    @TestHTTPResource("/")
    URI root;

    @ParameterizedTest
    @FieldSource("STREAMS")
    void aQuietStreamGetsAHeartbeatInItsOwnForm(String transport) throws Exception {
        // just past a boundary, so that the next 1.2 s hold no tick, only the heartbeat
        Clockwork.here().tick();
        try (TickStream stream = TickStream.open(transport, TestVertx.get(), root, "")) {
            stream.nextTick(Duration.ofSeconds(5));
            Clockwork.here().advance(Duration.ofMillis(1200));
            TickStream.Piece beat = stream.next(Kind.HEARTBEAT, Duration.ofMillis(2500));
            switch (transport) {
                case "sse" -> assertNull(beat.json(), "a comment: it must not move the client's Last-Event-ID: " + beat.text());
                case "iframe" -> assertEquals("<!-- heartbeat -->", beat.text());
                default -> assertEquals(Map.of("type", "heartbeat"), beat.json().getMap());
            }
        }
    }
}
