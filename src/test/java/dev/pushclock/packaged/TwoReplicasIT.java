package dev.pushclock.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.SseReader;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Replicas need no sticky sessions: a tick's number comes from the wall clock, so a cursor taken
 * from one instance means the same on another, which can rebuild any tick of the window it never
 * served.
 */
class TwoReplicasIT {

    private static final Duration SOON = Duration.ofSeconds(10);

    static final Vertx vertx = TestVertx.get();
    static PackagedApp a;
    static PackagedApp b;

    @BeforeAll
    static void start() throws Exception {
        a = PackagedApp.start(0, Map.of());
        b = PackagedApp.start(0, Map.of());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    private static JsonObject get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).timeout(SOON).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        return new JsonObject(response.body());
    }

    @Test
    void aLongPollCursorFromOneReplicaIsAnsweredByTheOther() throws Exception {
        JsonObject fromA = get(a.uri().resolve("/api/clock/next?timeout=5"));
        JsonObject fromB = get(b.uri().resolve("/api/clock/next?timeout=5&after=" + fromA.getLong("seq")));
        assertEquals(fromA.getLong("seq") + 1, fromB.getLong("seq"), "B answers A's cursor with the very next tick");
        JsonObject sameTickFromA = get(a.uri().resolve("/api/clock/next?timeout=5&after=" + fromA.getLong("seq")));
        assertEquals(sameTickFromA.getLong("seq"), fromB.getLong("seq"));
        assertEquals(sameTickFromA, fromB, "both replicas render the same tick identically");
    }

    @Test
    void anEventIdFromOneReplicaResumesOnTheOtherWithoutLoss() throws Exception {
        long lastSeen;
        try (LineTap tap = LineTap.open(vertx, a.uri().resolve("/api/clock/events"))) {
            lastSeen = Long.parseLong(new SseReader(tap).next("tick", SOON).id());
        }
        // let three ticks pass (a cursor may be at most one tick ahead of the clock)
        for (long after = lastSeen; after <= lastSeen + 2; after++) {
            get(b.uri().resolve("/api/clock/next?timeout=5&after=" + after));
        }
        try (LineTap tap = LineTap.open(vertx, b.uri().resolve("/api/clock/events"),
                "Last-Event-ID", String.valueOf(lastSeen))) {
            SseReader sse = new SseReader(tap);
            for (long seq = lastSeen + 1; seq <= lastSeen + 3; seq++) {
                SseReader.Event tick = sse.next("tick", SOON);
                assertEquals(String.valueOf(seq), tick.id(), "B replays what it never sent, in order");
            }
        }
    }
}
