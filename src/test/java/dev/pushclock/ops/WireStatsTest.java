package dev.pushclock.ops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.Management;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/stats} counts what each transport really put on the wire: compared here with the
 * bytes a raw socket received.
 */
@QuarkusTest
class WireStatsTest {

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    private static JsonObject stats(String transport) {
        return new JsonObject(given().get("/api/stats").asString()).getJsonObject(transport);
    }

    @Test
    void everyTransportHasItsFigures() {
        JsonObject all = new JsonObject(given().get("/api/stats").then().statusCode(200)
                .header("Cache-Control", containsString("no-cache")).extract().asString());
        assertEquals(List.of("poll", "long-poll", "iframe", "websocket", "sse", "ndjson"), List.copyOf(all.fieldNames()));
        for (Map.Entry<String, Object> transport : all) {
            JsonObject figures = (JsonObject) transport.getValue();
            assertEquals(List.of("connections", "messages", "bytes"), List.copyOf(figures.fieldNames()), transport.getKey());
        }
    }

    @Test
    void aPollCountsOneMessageAndEveryByteOfItsResponseHeadersIncluded() throws Exception {
        JsonObject before = stats("poll");
        String response = RawHttp.get(root, "/api/clock");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        JsonObject after = stats("poll");
        assertEquals(before.getLong("messages") + 1, after.getLong("messages"));
        assertEquals(response.getBytes(StandardCharsets.ISO_8859_1).length,
                after.getLong("bytes") - before.getLong("bytes"), "bytes counted for: " + response);
    }

    @Test
    void aStreamCountsItsChunksExactly() throws Exception {
        JsonObject before = stats("ndjson");
        byte[] received = RawHttp.exchange(root,
                "GET /api/clock/stream HTTP/1.1\r\nHost: localhost\r\n\r\n", Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, stats("ndjson").getLong("connections")));
        JsonObject after = stats("ndjson");
        assertEquals(received.length, after.getLong("bytes") - before.getLong("bytes"));
        assertTrue(after.getLong("messages") - before.getLong("messages") >= 2);
    }

    @Test
    void anOpenSocketIsCountedUntilItCloses() throws Exception {
        long before = stats("websocket").getLong("connections");
        WebSocket socket = vertx.createWebSocketClient().connect(root.getPort(), root.getHost(), "/ws/clock")
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> stats("websocket").getLong("connections") == before + 1);
        socket.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats("websocket").getLong("connections") == before);
    }

    @Test
    void theSameFiguresAreMicrometerMetrics() {
        given().get("/api/clock").then().statusCode(200);
        given().get(Management.uri("/metrics")).then().statusCode(200)
                .body(containsString("pushclock_bytes_sent_total{transport=\"poll\"}"))
                .body(containsString("pushclock_messages_sent_total{transport=\"sse\"}"))
                .body(containsString("pushclock_connections{transport=\"websocket\"}"));
    }
}
