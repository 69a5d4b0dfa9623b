package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The demo page and pushclock.js are served whole from the service itself, as ES modules with no
 * build step, with nothing fetched from elsewhere.
 */
@QuarkusTest
class DemoPageTest {

    private static final Pattern IMPORT = Pattern.compile("from '([^']+)'");

    /** Every module the page loads, found by following its imports from page/main.js. */
    static Set<String> modules() {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>();
        next.add("/page/main.js");
        while (!next.isEmpty()) {
            String module = next.poll();
            if (!found.add(module)) {
                continue;
            }
            Matcher imports = IMPORT.matcher(given().get(module).then().statusCode(200).extract().asString());
            while (imports.find()) {
                next.add(URI.create(module).resolve(imports.group(1)).getPath());
            }
        }
        return found;
    }

    @Test
    void thePageHasAPanelPerTransportAndTheAutomaticOne() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"page/main.js\"></script>"))
                .body(containsString("<template id=\"panel-template\">"))
                .body(containsString("<template id=\"automatic-template\">"))
                .body(containsString("role=\"timer\""))
                .body(containsString("<table id=\"ranking\">"));
        String techniques = given().get("/page/techniques.js").asString();
        for (String id : new String[] { "poll", "long-poll", "iframe", "websocket", "sse", "ndjson" }) {
            assertThat(techniques, containsString("technique('" + id + "'"));
        }
        assertThat(techniques, containsString("id: 'auto'"));
    }

    @Test
    void eachTechniquesOwnBrowserCodeIsInPushclockJs() {
        given().get("/pushclock.js").then().statusCode(200).contentType(startsWith("text/javascript"))
                .body(containsString("fetch(link.url('/api/clock')"))
                .body(containsString("/api/clock/next"))
                .body(containsString("createElement('iframe')"))
                .body(containsString("new WebSocket("))
                .body(containsString("new EventSource("))
                .body(containsString("getReader()"))
                .body(containsString("addEventListener('load'"));
        given().get("/pushclock.d.ts").then().statusCode(200).contentType(startsWith("application/typescript"))
                .body(containsString("export declare class PushClock"));
        given().get("/page/stats.js").then().statusCode(200).body(containsString("fetch('/api/stats'"));
    }

    /**
     * Quarkus serves static resources as {@code public, immutable, max-age=86400}: a browser would
     * keep an old page and old modules for a day, mixing versions across a deploy. The page's assets
     * are revalidated instead, each time, by a strong ETag made from the file's bytes, so the same on
     * every replica of one build (Vert.x's Last-Modified, the time each replica unpacked the file,
     * is left off): unchanged, the answer is a 304 without a body; another tag gets the file.
     */
    @Test
    void thePageAndItsModulesAreRevalidatedOnEveryLoad() throws Exception {
        Set<String> assets = new LinkedHashSet<>(Set.of("/", "/index.html", "/style.css", "/pushclock.d.ts"));
        assets.addAll(modules());
        for (String asset : assets) {
            byte[] source = Files.readAllBytes(Path.of("src/main/resources/META-INF/resources",
                    asset.equals("/") ? "index.html" : asset.substring(1)));
            String expected = '"' + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(source)) + '"';
            ExtractableResponse<Response> first = given().get(asset).then().statusCode(200)
                    .header("Cache-Control", equalTo("no-cache")).extract();
            assertEquals(expected, first.header("ETag"), asset + ": the tag of the file's bytes");
            assertNull(first.header("Last-Modified"), asset + ": revalidated by its tag alone");
            given().header("If-None-Match", expected).get(asset).then().statusCode(304)
                    .header("Cache-Control", equalTo("no-cache")).header("ETag", expected).body(equalTo(""));
            given().header("If-None-Match", "\"an-older-build\"").get(asset).then().statusCode(200);
        }
    }

    @Test
    void nothingIsLoadedFromAnotherOrigin() {
        Set<String> assets = new LinkedHashSet<>(Set.of("/", "/style.css", "/favicon.svg", "/pushclock.d.ts"));
        assets.addAll(modules());
        assertThat(assets.toString(), containsString("/pushclock.js"));
        for (String asset : assets) {
            // the SVG namespace is a name, not an address anything is loaded from
            String text = given().get(asset).then().statusCode(200).extract().asString()
                    .replace("http://www.w3.org/2000/svg", "");
            assertThat(asset, text, not(containsString("http://")));
            assertThat(asset, text, not(containsString("https://")));
            assertThat(asset, text, not(containsString("src=\"//")));
        }
    }
}
