package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Chunked NDJSON: the current tick, then one JSON line per tick, each as it happens. */
@QuarkusTest
class NdjsonStreamTest {

    private static final Duration TICK_AND_A_HALF = Duration.ofMillis(1500);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/api/clock/stream")
    URI stream;

    @Test
    void theCurrentTickThenOneLinePerTickATickApart() throws Exception {
        try (LineTap tap = LineTap.open(vertx, stream)) {
            LineTap.assertStatus(tap, 200);
            assertEquals("application/x-ndjson", tap.headers(Duration.ofSeconds(5)).get("Content-Type"));
            JsonObject current = new JsonObject(tap.next(Duration.ofSeconds(5)).text());
            long seq = current.getLong("seq");
            assertTrue(Math.abs(seq - System.currentTimeMillis() / 1000) <= 1, "not the current tick: " + current);
            LineTap.Line next = tap.next(TICK_AND_A_HALF);
            LineTap.Line afterThat = tap.next(TICK_AND_A_HALF);
            assertEquals(seq + 1, new JsonObject(next.text()).getLong("seq"));
            assertEquals(seq + 2, new JsonObject(afterThat.text()).getLong("seq"));
            assertTrue(afterThat.receivedMillis() - next.receivedMillis() >= 500, "buffered, not streamed");
        }
    }
}
