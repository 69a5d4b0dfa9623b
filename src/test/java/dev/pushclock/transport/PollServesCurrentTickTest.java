package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Interval polling: the current tick, with the headers that make polling it cheap. */
@QuarkusTest
class PollServesCurrentTickTest {

    @Test
    void theCurrentTickIsTheOneTheWallClockIsIn() {
        long before = System.currentTimeMillis() / 1000;
        Response response = given().accept("application/json").get("/api/clock");
        long after = System.currentTimeMillis() / 1000;
        response.then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-cache")
                .body("zone", equalTo("UTC"))
                .body("time", matchesPattern("\\d\\d:\\d\\d:\\d\\d"))
                .body("iso", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        long seq = response.jsonPath().getLong("seq");
        assertTrue(seq >= before - 1 && seq <= after, "seq " + seq + " is not the wall clock's " + before);
        assertEquals(seq * 1000, response.jsonPath().getLong("epochMillis"), "a tick stands for its boundary");
    }

    @Test
    void anUnchangedTickCostsA304WithNoBody() {
        Response first = given().accept("application/json").get("/api/clock");
        String tag = first.header("ETag");
        Response again = given().accept("application/json").header("If-None-Match", tag).get("/api/clock");
        if (again.statusCode() == 200) {
            // a tick fell between the two requests: the new one has another tag, and is unchanged now
            assertNotEquals(tag, again.header("ETag"));
            tag = again.header("ETag");
            again = given().accept("application/json").header("If-None-Match", tag).get("/api/clock");
        }
        again.then().statusCode(304).header("ETag", tag).header("Cache-Control", "no-cache").body(emptyString());
    }

    @Test
    void plainTextIsTheTimeOfDayWithItsOwnTag() {
        Response text = given().accept("text/plain").get("/api/clock");
        text.then().statusCode(200).contentType(startsWith("text/plain"))
                .header("Vary", "Accept")
                .body(matchesPattern("\\d\\d:\\d\\d:\\d\\d"));
        String jsonTag = given().accept("application/json").get("/api/clock").header("ETag");
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
