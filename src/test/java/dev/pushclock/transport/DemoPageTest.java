package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The demo page is served whole from the service itself, with nothing fetched from elsewhere. */
@QuarkusTest
class DemoPageTest {

    @Test
    void thePageHasAPanelPerTransport() {
        String page = given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .extract().asString();
        for (String id : new String[] { "poll", "long-poll", "iframe", "websocket" }) {
            org.hamcrest.MatcherAssert.assertThat(page, containsString("id=\"" + id + "\""));
        }
    }

    @Test
    void itsScriptUsesEachTechniquesOwnBrowserCode() {
        given().get("/app.js").then().statusCode(200)
                .body(containsString("fetch('/api/clock'"))
                .body(containsString("/api/clock/next"))
                .body(containsString("createElement('iframe')"))
                .body(containsString("new WebSocket("))
                .body(containsString("addEventListener('load'"));
    }

    @Test
    void nothingIsLoadedFromAnotherOrigin() {
        for (String asset : new String[] { "/", "/app.js", "/style.css" }) {
            given().get(asset).then().statusCode(200)
                    .body(not(containsString("http://")))
                    .body(not(containsString("https://")))
                    .body(not(containsString("//cdn")));
        }
    }
}
