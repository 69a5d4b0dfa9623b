package dev.pushclock.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.SseReader;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A restart loses nothing a client can still ask for: the service keeps no state, so the restarted
 * process rebuilds every tick of the window from its seq.
 */
class RestartIT {

    private static final Duration SOON = Duration.ofSeconds(10);

    static final Vertx vertx = TestVertx.get();

    @Test
    void eventStreamsAndLongPollsPickUpWhereTheyWereAfterARestart() throws Exception {
        int port = PackagedApp.freePort();
        long lastSeen;
        try (PackagedApp before = PackagedApp.start(port, Map.of())) {
            try (LineTap tap = LineTap.open(vertx, before.uri().resolve("/api/clock/events"))) {
                lastSeen = Long.parseLong(new SseReader(tap).next("tick", SOON).id());
            }
            before.terminate();
            before.awaitExit(Duration.ofSeconds(20));
        }
        try (PackagedApp after = PackagedApp.start(port, Map.of())) {
            HttpResponse<String> longPoll = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    after.uri().resolve("/api/clock/next?timeout=5&after=" + lastSeen)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, longPoll.statusCode());
            long current = new JsonObject(longPoll.body()).getLong("seq");
            assertTrue(current > lastSeen, "the restart took at least a tick");
            try (LineTap tap = LineTap.open(vertx, after.uri().resolve("/api/clock/events"),
                    "Last-Event-ID", String.valueOf(lastSeen))) {
                SseReader sse = new SseReader(tap);
                for (long seq = lastSeen + 1; seq <= current; seq++) {
                    assertEquals(String.valueOf(seq), sse.next("tick", SOON).id(), "ticks from before the restart");
                }
            }
        }
    }
}
