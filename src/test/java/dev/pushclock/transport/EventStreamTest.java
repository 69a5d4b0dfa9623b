package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;

/** Server-Sent Events: retry first, then the current tick, then one event per tick as it happens. */
@QuarkusTest
class EventStreamTest {

    private static final Duration SOON = Duration.ofSeconds(5);
    private static final Duration TICK_AND_A_HALF = Duration.ofMillis(1500);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/api/clock/events")
    URI events;

    @Test
    void retryFirstThenTheCurrentTickThenAnEventPerTickATickApart() throws Exception {
        try (LineTap tap = LineTap.open(vertx, events)) {
            LineTap.assertStatus(tap, 200);
            MultiMap headers = tap.headers(SOON);
            assertTrue(headers.get("Content-Type").startsWith("text/event-stream"), headers.toString());
            SseReader sse = new SseReader(tap);

            SseReader.Event first = sse.next(SOON);
            assertNotNull(first.retry(), "the first event sets the reconnect delay: " + first);
            int retry = Integer.parseInt(first.retry());
            assertTrue(retry >= 1000 && retry < 3000, "retry " + retry);

            SseReader.Event current = sse.next(SOON);
            assertEquals("tick", current.event());
            long seq = Long.parseLong(current.id());
            assertEquals(seq, current.seq(), "the id is the tick's seq");
            assertTrue(Math.abs(seq - System.currentTimeMillis() / 1000) <= 1, "not the current tick: " + current);

            SseReader.Event next = sse.next(TICK_AND_A_HALF);
            SseReader.Event afterThat = sse.next(TICK_AND_A_HALF);
            assertEquals(seq + 1, next.seq());
            assertEquals(seq + 2, afterThat.seq());
            assertEquals(String.valueOf(seq + 2), afterThat.id());
            assertTrue(afterThat.receivedMillis() - next.receivedMillis() >= 500, "buffered, not streamed");
        }
    }

    @Test
    void theZoneAppliesToEveryEvent() throws Exception {
        try (LineTap tap = LineTap.open(vertx, URI.create(events + "?zone=Australia/Adelaide"))) {
            SseReader.Event tick = new SseReader(tap).next("tick", SOON);
            assertEquals("Australia/Adelaide", tick.json().getString("zone"));
            assertNull(tick.retry());
        }
    }
}
