package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Interval polling: the current tick, with the headers that make polling it cheap. */
@QuarkusTest
@TestProfile(ManualTime.class)
class PollServesCurrentTickTest {

    private static Response poll() {
        return given().accept("application/json").get("/api/clock");
    }

    @Test
    void theCurrentTickStandsForItsBoundary() {
        Response response = poll();
        response.then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-cache")
                .header("Vary", "Accept")
                .body("zone", equalTo("UTC"))
                .body("time", matchesPattern("\\d\\d:\\d\\d:\\d\\d"))
                .body("iso", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        long seq = response.jsonPath().getLong("seq");
        assertEquals(seq * 1000, response.jsonPath().getLong("epochMillis"), "a tick stands for its boundary");
    }

    @Test
    void eachTickIsTheNextOne() {
        Clockwork clock = Clockwork.here();
        long seq = poll().jsonPath().getLong("seq");
        clock.tick();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(1500))
                .until(() -> poll().jsonPath().getLong("seq") == seq + 1);
    }

    @Test
    void anUnchangedTickCostsA304WithNoBody() {
        Response first = poll();
        String tag = first.header("ETag");
        Response again = given().accept("application/json").header("If-None-Match", tag).get("/api/clock");
        if (again.statusCode() == 200) {
            // on the real clock a tick may fall between the two requests: the new one has another tag
            assertNotEquals(tag, again.header("ETag"));
            tag = again.header("ETag");
            again = given().accept("application/json").header("If-None-Match", tag).get("/api/clock");
        }
        // RFC 9110: a 304 carries the Vary and Cache-Control a 200 would have
        again.then().statusCode(304).header("ETag", tag).header("Cache-Control", "no-cache").header("Vary", "Accept")
                .body(emptyString());
    }

    @Test
    void headAnswersWithTheHeadersOfGet() {
        String before = poll().header("ETag");
        Response head = given().accept("application/json").head("/api/clock");
        String after = poll().header("ETag");
        head.then().statusCode(200).contentType(startsWith("application/json"))
                .header("Cache-Control", "no-cache").header("Vary", "Accept").body(emptyString());
        // on the real clock a tick may fall between the requests: the tag is one of the GETs' around it
        assertTrue(List.of(before, after).contains(head.header("ETag")),
                "HEAD's ETag " + head.header("ETag") + ", the GETs' " + before + " and " + after);
    }

    @Test
    void aNewTickHasANewTag() {
        Clockwork clock = Clockwork.here();
        String tag = poll().header("ETag");
        clock.tick();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(1500))
                .until(() -> given().accept("application/json").header("If-None-Match", tag).get("/api/clock").statusCode() == 200);
    }

    @Test
    void plainTextIsTheTimeOfDayWithItsOwnTag() {
        Response text = given().accept("text/plain").get("/api/clock");
        text.then().statusCode(200).contentType(startsWith("text/plain"))
                .header("Vary", "Accept")
                .body(matchesPattern("\\d\\d:\\d\\d:\\d\\d"));
        String jsonTag = poll().header("ETag");
        assertNotEquals(text.header("ETag"), jsonTag, "the representations must not share a tag");
    }

    @Test
    void aZoneRendersTheSameTickInThatZone() {
        Response tokyo = given().accept("application/json").queryParam("zone", "Asia/Tokyo").get("/api/clock");
        tokyo.then().statusCode(200)
                .body("zone", equalTo("Asia/Tokyo"))
                .body("iso", matchesPattern(".*T\\d\\d:\\d\\d:\\d\\d\\+09:00"));
        assertTrue(tokyo.header("ETag").contains("Asia/Tokyo"), "the zone is part of the tag: " + tokyo.header("ETag"));
    }
}
