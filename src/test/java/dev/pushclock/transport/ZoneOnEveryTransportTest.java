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
import io.vertx.core.json.JsonObject;

/** Every transport renders the zone it is asked for, and refuses one that is not a zone. */
@QuarkusTest
class ZoneOnEveryTransportTest {

    private static final String ZONE = "America/St_Johns";
    private static final Duration SOON = Duration.ofSeconds(5);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    private static void assertInZone(JsonObject tick) {
        assertEquals(ZONE, tick.getString("zone"), tick.encode());
        assertTrue(tick.getString("iso").matches(".*[+-]0[23]:30"), "a half-hour offset: " + tick.encode());
    }

    @Test
    void poll() {
        assertInZone(new JsonObject(given().accept("application/json").get("/api/clock?zone=" + ZONE).asString()));
    }

    @Test
    void longPoll() {
        assertInZone(new JsonObject(given().get("/api/clock/next?after=0&zone=" + ZONE).asString()));
    }

    @Test
    void iframe() throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve("/iframe/clock?zone=" + ZONE))) {
            assertInZone(IframeStreamsTicksTest.tickIn(tap.next(line -> line.startsWith("<script>"), SOON).text()));
        }
    }

    @Test
    void sse() throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve("/api/clock/events?zone=" + ZONE))) {
            assertInZone(new SseReader(tap).next("tick", SOON).json());
        }
    }

    @Test
    void ndjson() throws Exception {
        try (LineTap tap = LineTap.open(vertx, root.resolve("/api/clock/stream?zone=" + ZONE))) {
            assertInZone(new JsonObject(tap.next(SOON).text()));
        }
    }

    @Test
    void webSocket() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock?zone=" + ZONE)) {
            assertInZone(socket.next("tick", SOON));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/clock", "/api/clock/next", "/iframe/clock", "/api/clock/events", "/api/clock/stream",
            "/ws/clock" })
    void anUnknownZoneIsA400ProblemOnEachTransport(String path) {
        given().queryParam("zone", "Atlantis/Capital").get(path)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("zone"));
    }
}
