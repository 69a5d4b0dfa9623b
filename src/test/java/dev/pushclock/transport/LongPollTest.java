package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Long-polling's three answers, with state semantics: at once when the client is behind, on the next
 * tick when it is up to date, 204 when no tick came within its timeout.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class LongPollTest {

    private static long current() {
        return given().get("/api/clock").jsonPath().getLong("seq");
    }

    private static CompletableFuture<Response> ask(String query) {
        return CompletableFuture.supplyAsync(() -> given().get("/api/clock/next?" + query));
    }

    @Test
    void aClientBehindTheClockGetsTheCurrentTickAtOnce() {
        long current = current();
        Response response = given().get("/api/clock/next?after=" + (current - 10) + "&timeout=5");
        response.then().statusCode(200).header("Cache-Control", "no-cache");
        long seq = response.jsonPath().getLong("seq");
        assertTrue(seq == current || seq == current + 1 && !Clockwork.here().manual(),
                "the tick that was current, not a backlog: " + seq + " for " + current);
    }

    @Test
    void aClientUpToDateIsHeldUntilTheNextTick() throws Exception {
        Clockwork clock = Clockwork.here();
        long current = current();
        CompletableFuture<Response> held = ask("after=" + current + "&timeout=10");
        if (clock.manual()) {
            assertFalse(awaits(held, 300), "answered before the next tick existed");
        }
        clock.tick();
        Response response = held.get(2, TimeUnit.SECONDS);
        response.then().statusCode(200);
        assertEquals(current + 1, response.jsonPath().getLong("seq"));
    }

    @Test
    void withoutACursorTheClientWaitsForTheNextTick() throws Exception {
        Clockwork clock = Clockwork.here();
        long current = current();
        CompletableFuture<Response> held = ask("timeout=10");
        if (clock.manual()) {
            assertFalse(awaits(held, 300), "answered without a new tick");
        }
        clock.tick();
        long seq = held.get(2, TimeUnit.SECONDS).then().statusCode(200).extract().jsonPath().getLong("seq");
        assertTrue(seq == current + 1 || seq == current + 2 && !clock.manual(), "the next tick: " + seq + " after " + current);
    }

    @Test
    void aCursorOneTickAheadWaitsForThatTick() throws Exception {
        Clockwork clock = Clockwork.here();
        long current = current();
        CompletableFuture<Response> held = ask("after=" + (current + 1) + "&timeout=10");
        clock.tick();
        if (clock.manual()) {
            assertFalse(awaits(held, 300), "a client that already has the next tick waits for the one after");
        }
        clock.tick();
        assertEquals(current + 2, held.get(3, TimeUnit.SECONDS).jsonPath().getLong("seq"));
    }

    @Test
    void noTickWithinTheTimeoutIsA204() {
        Clockwork clock = Clockwork.here();
        long current = current();
        long asked = System.currentTimeMillis();
        Response response = given().get("/api/clock/next?after=" + (current + (clock.manual() ? 0 : 1)) + "&timeout=1");
        long waited = System.currentTimeMillis() - asked;
        response.then().statusCode(204).header("Cache-Control", "no-cache").body(emptyString());
        assertTrue(waited >= 1000, "a 1 s timeout answered after " + waited + " ms");
    }

    @Test
    void aZoneRendersTheTickInThatZone() {
        given().get("/api/clock/next?after=0&zone=Europe/Paris").then().statusCode(200)
                .body("zone", equalTo("Europe/Paris"));
    }

    /** Whether the request is answered within {@code millis}: a bounded look for an answer that must not come yet. */
    private static boolean awaits(CompletableFuture<Response> held, long millis) throws Exception {
        try {
            held.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException notYet) {
            return false;
        }
    }
}
