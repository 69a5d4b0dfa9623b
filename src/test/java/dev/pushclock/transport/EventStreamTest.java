package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.SseReader;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What Server-Sent Events add to every stream: {@code retry:} first, spread per connection, each
 * event's id its tick's seq, and the resume header winning over the query parameter.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class EventStreamTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @TestHTTPResource("/api/clock/events")
    URI events;

    @Test
    void retryFirstThenTicksWhoseIdIsTheirSeq() throws Exception {
        try (LineTap tap = LineTap.open(TestVertx.get(), events)) {
            LineTap.assertStatus(tap, 200);
            assertTrue(tap.headers(SOON).get("Content-Type").startsWith("text/event-stream"));
            SseReader sse = new SseReader(tap);
            SseReader.Event first = sse.next(SOON);
            assertNotNull(first.retry(), "the first event sets the reconnect delay: " + first);
            int retry = Integer.parseInt(first.retry());
            assertTrue(retry >= 1000 && retry < 3000, "retry " + retry);
            SseReader.Event current = sse.next(SOON);
            assertEquals("tick", current.event());
            assertEquals(String.valueOf(current.seq()), current.id(), "the id is the tick's seq");
            assertNull(current.retry());
        }
    }

    @Test
    void theHeaderWinsOverTheQueryParameterForClientsThatCannotSetHeaders() throws Exception {
        long current = given().get("/api/clock").jsonPath().getLong("seq");
        try (LineTap tap = LineTap.open(TestVertx.get(), URI.create(events + "?lastEventId=" + (current - 5)))) {
            assertEquals(current - 4, Long.parseLong(new SseReader(tap).next("tick", SOON).id()));
        }
        try (LineTap tap = LineTap.open(TestVertx.get(), URI.create(events + "?lastEventId=" + (current - 5)),
                "Last-Event-ID", String.valueOf(current - 2))) {
            assertEquals(current - 1, Long.parseLong(new SseReader(tap).next("tick", SOON).id()));
        }
    }
}
