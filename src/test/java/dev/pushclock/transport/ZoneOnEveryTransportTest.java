package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;

import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.TestVertx;
import dev.pushclock.testing.TickStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** Every transport renders the zone it is asked for, and refuses one that is not a zone. */
@QuarkusTest
@TestProfile(ManualTime.class)
class ZoneOnEveryTransportTest {

    private static final String ZONE = "America/St_Johns";
    static final List<String> STREAMS = TickStream.IDS;

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

    @ParameterizedTest
    @FieldSource("STREAMS")
    void streams(String transport) throws Exception {
        try (TickStream stream = TickStream.open(transport, TestVertx.get(), root, "zone=" + ZONE)) {
            assertInZone(stream.nextTick(Duration.ofSeconds(5)).json());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUnknownZoneIsA400ProblemOnEachTransport(Transport transport) {
        given().queryParam("zone", "Atlantis/Capital")
                .header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13")
                .get(transport.path())
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("zone"));
    }
}
