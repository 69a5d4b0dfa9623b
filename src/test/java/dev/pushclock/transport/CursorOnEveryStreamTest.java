package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.TestVertx;
import dev.pushclock.testing.TickStream;
import dev.pushclock.testing.TickStream.Kind;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A cursor on every stream: a client that names the last tick it has is owed the ones after it,
 * replayed in order from the resume window, then live, on any replica; one older than the window
 * is told so first (in its transport's form) and gets the whole window; one ahead of the clock, or
 * not a seq at all, is a 400 naming the parameter (for the socket, before the upgrade).
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class CursorOnEveryStreamTest {

    static final List<String> STREAMS = TickStream.IDS;
    private static final Duration SOON = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI root;

    /** The cursor parameter of a stream: the event stream's own name, {@code after} elsewhere. */
    static String cursor(String transport) {
        return "sse".equals(transport) ? "lastEventId" : "after";
    }

    static String path(String transport) {
        return switch (transport) {
            case "sse" -> "/api/clock/events";
            case "ndjson" -> "/api/clock/stream";
            case "iframe" -> "/iframe/clock";
            default -> "/ws/clock";
        };
    }

    private static long current() {
        return given().get("/api/clock").jsonPath().getLong("seq");
    }

    @ParameterizedTest
    @FieldSource("STREAMS")
    void aReturningClientGetsWhatItMissedInOrderThenLive(String transport) throws Exception {
        Clockwork clock = Clockwork.here();
        long current = current();
        try (TickStream stream = TickStream.open(transport, TestVertx.get(), root, cursor(transport) + "=" + (current - 3))) {
            long expected = current - 2;
            while (expected <= current) {
                assertEquals(expected++, stream.nextTick(SOON).seq(), transport + ": replayed in order, nothing before it");
            }
            clock.tick();
            assertEquals(current + 1, stream.nextTick(Duration.ofMillis(1500)).seq(), transport + ": then live");
        }
    }

    @ParameterizedTest
    @FieldSource("STREAMS")
    void aCursorOlderThanTheWindowIsToldSoThenGetsTheWholeWindow(String transport) throws Exception {
        long current = current();
        try (TickStream stream = TickStream.open(transport, TestVertx.get(), root, cursor(transport) + "=" + (current - 1000))) {
            TickStream.Piece gap = stream.next(Kind.GAP, SOON);
            long firstAvailable = gap.json().getLong("firstAvailable");
            assertTrue(firstAvailable >= current - 299 && firstAvailable <= current - 298, gap.text());
            for (long seq = firstAvailable; seq < firstAvailable + 300; seq++) {
                assertEquals(seq, stream.nextTick(SOON).seq(), transport + ": replayed in order, none skipped");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("STREAMS")
    void anUpToDateClientGetsNothingUntilTheNextTick(String transport) throws Exception {
        Clockwork clock = Clockwork.here();
        long current = current();
        try (TickStream stream = TickStream.open(transport, TestVertx.get(), root, cursor(transport) + "=" + current)) {
            if (clock.manual()) {
                assertTrue(stream.drain(Duration.ofMillis(300)).stream().noneMatch(piece -> piece.kind() == Kind.TICK),
                        transport + ": nothing owed, no tick sent");
            }
            clock.tick();
            assertEquals(current + 1, stream.nextTick(Duration.ofMillis(1500)).seq());
        }
    }

    static Stream<Arguments> badCursors() {
        return STREAMS.stream().flatMap(transport -> Stream.of("ahead", "-1", "1e3", "x", "99999999999999999999")
                .map(value -> Arguments.of(transport, value)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badCursors")
    void aCursorAheadOfTheClockOrNotASeqIsA400NamingIt(String transport, String value) {
        String raw = "ahead".equals(value) ? String.valueOf(current() + 2) : value;
        given().urlEncodingEnabled(true).queryParam(cursor(transport), raw)
                .header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13")
                .get(path(transport))
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo(cursor(transport)));
    }
}
