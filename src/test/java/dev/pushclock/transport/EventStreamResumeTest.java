package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** A returning EventSource loses nothing: what it missed is replayed in order, then it goes live. */
@QuarkusTest
class EventStreamResumeTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/api/clock/events")
    URI events;

    /** Waits, with a long-poll, until the clock has reached {@code seq}. */
    private static void awaitTick(long seq) {
        long current;
        do {
            current = given().get("/api/clock/next?timeout=5&after=" + (seq - 1)).then().statusCode(200)
                    .extract().jsonPath().getLong("seq");
        } while (current < seq);
    }

    @Test
    void aClientDroppedForThreeTicksGetsAllThreeInOrderOnReconnect() throws Exception {
        long lastSeen;
        try (LineTap tap = LineTap.open(vertx, events)) {
            lastSeen = Long.parseLong(new SseReader(tap).next("tick", SOON).id());
        }
        awaitTick(lastSeen + 3);
        try (LineTap tap = LineTap.open(vertx, events, "Last-Event-ID", String.valueOf(lastSeen))) {
            SseReader sse = new SseReader(tap);
            assertTrue(sse.next(SOON).retry() != null, "retry comes first, even when resuming");
            for (long seq = lastSeen + 1; seq <= lastSeen + 4; seq++) {
                SseReader.Event event = sse.next(Duration.ofMillis(1500));
                assertEquals("tick", event.event(), "no gap inside the window: " + event);
                assertEquals(String.valueOf(seq), event.id());
                assertEquals(seq, event.seq());
            }
        }
    }

    @Test
    void theQueryParameterResumesForClientsThatCannotSetHeadersAndTheHeaderWins() throws Exception {
        long current = given().get("/api/clock").jsonPath().getLong("seq");
        try (LineTap tap = LineTap.open(vertx, URI.create(events + "?lastEventId=" + (current - 5)))) {
            assertEquals(current - 4, Long.parseLong(new SseReader(tap).next("tick", SOON).id()));
        }
        try (LineTap tap = LineTap.open(vertx, URI.create(events + "?lastEventId=" + (current - 5)),
                "Last-Event-ID", String.valueOf(current - 2))) {
            assertEquals(current - 1, Long.parseLong(new SseReader(tap).next("tick", SOON).id()));
        }
    }

    @Test
    void anIdOlderThanTheWindowIsAGapNoticeThenTheWholeWindow() throws Exception {
        long current = given().get("/api/clock").jsonPath().getLong("seq");
        try (LineTap tap = LineTap.open(vertx, events, "Last-Event-ID", String.valueOf(current - 1000))) {
            SseReader sse = new SseReader(tap);
            sse.next(SOON);
            SseReader.Event gap = sse.next(SOON);
            assertEquals("gap", gap.event());
            long firstAvailable = gap.json().getLong("firstAvailable");
            assertTrue(firstAvailable >= current - 299 && firstAvailable <= current - 298, gap.toString());
            long expected = firstAvailable;
            for (int i = 0; i < 300; i++) {
                SseReader.Event tick = sse.next(SOON);
                assertEquals(String.valueOf(expected++), tick.id(), "replayed in order, none skipped");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "-1", "1.5", "99999999999999999999", "4000000000000" })
    void aBadLastEventIdIsA400NamingIt(String id) {
        given().header("Last-Event-ID", id).get("/api/clock/events")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("Last-Event-ID"));
        given().urlEncodingEnabled(true).queryParam("lastEventId", id).get("/api/clock/events")
                .then().statusCode(400).body("parameter", equalTo("lastEventId"));
    }
}
