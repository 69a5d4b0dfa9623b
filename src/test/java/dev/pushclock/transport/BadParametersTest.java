package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;

/** Every bad parameter is a 400 problem document that names it, and the service goes on serving. */
@QuarkusTest
class BadParametersTest {

    @ParameterizedTest(name = "{0} → names {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/clock/next?after=abc                  | after",
            "/api/clock/next?after=-1                   | after",
            "/api/clock/next?after=1.5                  | after",
            "/api/clock/next?after=1e3                  | after",
            "/api/clock/next?after=%2B5                 | after",
            "/api/clock/next?after=                     | after",
            "/api/clock/next?after=99999999999999999999 | after",
            "/api/clock/next?after=9223372036854775808  | after",
            "/api/clock/next?timeout=0                  | timeout",
            "/api/clock/next?timeout=121                | timeout",
            "/api/clock/next?timeout=-5                 | timeout",
            "/api/clock/next?timeout=ten                | timeout",
            "/api/clock/next?timeout=99999999999999999999 | timeout",
            "/api/clock/next?zone=Mars/Olympus          | zone",
            "/api/clock?zone=utc                        | zone",
            "/api/clock?zone=%2B08:00                   | zone",
            "/iframe/clock?zone=Nowhere                 | zone",
            "/ws/clock?zone=Nowhere                     | zone",
            "/api/clock/next?after=1&after=2            | after",
            "/api/clock?zone=UTC&zone=Asia/Tokyo        | zone" })
    void aBadParameterIsA400ProblemNamingIt(String uri, String parameter) {
        given().urlEncodingEnabled(false).get(uri.trim())
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("parameter", equalTo(parameter.trim()))
                .body("detail", startsWith(parameter.trim() + " must"));
        given().get("/api/clock").then().statusCode(200).body(containsString("\"seq\""));
    }
}
