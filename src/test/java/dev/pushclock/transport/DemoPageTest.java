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
        given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<template id=\"panel-template\">"))
                .body(containsString("role=\"timer\""))
                .body(containsString("<table id=\"ranking\">"));
        String script = given().get("/app.js").asString();
        for (String id : new String[] { "poll", "long-poll", "iframe", "websocket", "sse", "ndjson" }) {
            org.hamcrest.MatcherAssert.assertThat(script, containsString("id: '" + id + "'"));
        }
    }

    @Test
    void itsScriptUsesEachTechniquesOwnBrowserCode() {
        given().get("/app.js").then().statusCode(200)
                .body(containsString("fetch(url('/api/clock')"))
                .body(containsString("/api/clock/next"))
                .body(containsString("createElement('iframe')"))
                .body(containsString("new WebSocket("))
                .body(containsString("new EventSource("))
                .body(containsString("getReader()"))
                .body(containsString("fetch('/api/stats'"))
                .body(containsString("addEventListener('load'"));
    }

    @Test
    void nothingIsLoadedFromAnotherOrigin() {
        for (String asset : new String[] { "/", "/app.js", "/style.css", "/favicon.svg" }) {
            // the SVG namespace is a name, not an address anything is loaded from
            String text = given().get(asset).then().statusCode(200).extract().asString()
                    .replace("http://www.w3.org/2000/svg", "");
            org.hamcrest.MatcherAssert.assertThat(asset, text, not(containsString("http://")));
            org.hamcrest.MatcherAssert.assertThat(asset, text, not(containsString("https://")));
            org.hamcrest.MatcherAssert.assertThat(asset, text, not(containsString("src=\"//")));
        }
    }
}
