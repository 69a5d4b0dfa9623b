package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Long-polling's three answers: at once when the client is behind, on the next tick when it is up
 * to date, 204 when no tick came within its timeout.
 */
@QuarkusTest
class LongPollTest {

    /** Waits for the next tick, so that the caller starts just after a boundary. */
    static long freshTick() {
        return given().get("/api/clock/next?timeout=5").then().statusCode(200).extract().jsonPath().getLong("seq");
    }

    @Test
    void aClientBehindTheClockGetsTheCurrentTickAtOnce() {
        long current = freshTick();
        Response response = given().get("/api/clock/next?after=" + (current - 10) + "&timeout=5");
        response.then().statusCode(200).header("Cache-Control", "no-cache");
        assertEquals(current, response.jsonPath().getLong("seq"),
                "the tick that was current, not a backlog and not the next one");
    }

    @Test
    void aClientUpToDateIsHeldUntilTheNextTick() {
        long current = freshTick();
        Response response = given().get("/api/clock/next?after=" + current + "&timeout=5");
        long answeredAt = System.currentTimeMillis();
        response.then().statusCode(200);
        assertEquals(current + 1, response.jsonPath().getLong("seq"));
        assertTrue(answeredAt >= (current + 1) * 1000, "answered before the tick it carries existed: " + answeredAt);
    }

    @Test
    void withoutACursorTheClientWaitsForTheNextTick() {
        long current = freshTick();
        long seq = given().get("/api/clock/next?timeout=5").then().statusCode(200).extract().jsonPath().getLong("seq");
        assertEquals(current + 1, seq);
    }

    @Test
    void noTickWithinTheTimeoutIsA204() {
        long current = given().get("/api/clock").jsonPath().getLong("seq");
        long asked = System.currentTimeMillis();
        given().get("/api/clock/next?after=" + (current + 1000) + "&timeout=1")
                .then().statusCode(204).header("Cache-Control", "no-cache").body(emptyString());
        long waited = System.currentTimeMillis() - asked;
        assertTrue(waited >= 1000, "a 1 s timeout answered after " + waited + " ms");
    }

    @Test
    void aZoneRendersTheTickInThatZone() {
        given().get("/api/clock/next?after=0&zone=Europe/Paris").then().statusCode(200)
                .body("zone", org.hamcrest.Matchers.equalTo("Europe/Paris"));
    }
}
