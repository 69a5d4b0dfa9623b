package dev.pushclock.ops;

import dev.pushclock.testing.Management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The HTTP contract is published as OpenAPI, the Vert.x-routed streams included. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDescribed() {
        given().accept("application/json").get(Management.uri("/openapi?format=json")).then().statusCode(200)
                .body("paths", hasKey("/api/clock"))
                .body("paths", hasKey("/api/clock/next"))
                .body("paths", hasKey("/iframe/clock"))
                .body("paths", hasKey("/api/clock/events"))
                .body("paths", hasKey("/api/clock/stream"))
                .body("paths", hasKey("/api/stats"));
    }
}
