package dev.pushclock.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Cross-site WebSocket hijacking is refused: a page of another origin cannot open the socket unless
 * configured; the page carries its Content-Security-Policy, and no CORS header invites other sites.
 */
@QuarkusTest
@TestProfile(OriginsAndHeadersTest.OneFriend.class)
class OriginsAndHeadersTest {

    public static class OneFriend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pushclock.allowed-origins", "https://friend.example");
        }
    }

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    private int upgradeFrom(String origin) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(root.getHost()).setPort(root.getPort())
                .setURI("/ws/clock").addHeader("Origin", origin);
        try {
            vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS).close();
            return 101;
        } catch (java.util.concurrent.ExecutionException refused) {
            String message = refused.getCause().getMessage();
            return Integer.parseInt(message.replaceAll(".*?(\\d{3})\\D*$", "$1"));
        }
    }

    @Test
    void anotherSitesPageCannotOpenTheSocket() throws Exception {
        assertEquals(403, upgradeFrom("https://evil.example"));
        given().header("Origin", "https://evil.example").header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13")
                .get("/ws/clock").then().statusCode(403).contentType(containsString("application/problem+json"));
    }

    @Test
    void itsOwnPagesAndConfiguredOriginsAndNonBrowsersCan() throws Exception {
        assertEquals(101, upgradeFrom("http://" + root.getHost() + ":" + root.getPort()));
        assertEquals(101, upgradeFrom("https://friend.example"));
        try (SocketTap noOrigin = SocketTap.open(vertx, root, "/ws/clock")) {
            assertTrue(noOrigin.next("tick", Duration.ofSeconds(5)).containsKey("seq"));
        }
    }

    @Test
    void thePageHasAContentSecurityPolicyAndNothingIsSniffed() {
        for (String page : new String[] { "/", "/index.html" }) {
            given().get(page).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .header("X-Content-Type-Options", "nosniff");
        }
        given().get("/app.js").then().header("X-Content-Type-Options", "nosniff");
        given().get("/api/clock").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
        given().get("/api/clock/next?after=soon").then().statusCode(400).header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void theForeverFrameHasItsOwnPolicyForItsInlineScripts() throws Exception {
        try (LineTap frame = LineTap.open(vertx, root.resolve("/iframe/clock"))) {
            assertEquals("default-src 'none'; script-src 'unsafe-inline'; frame-ancestors 'self'",
                    frame.headers(Duration.ofSeconds(5)).get("Content-Security-Policy"));
        }
    }

    @Test
    void noCorsHeaderInvitesOtherSites() {
        given().header("Origin", "https://evil.example").get("/api/clock").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
