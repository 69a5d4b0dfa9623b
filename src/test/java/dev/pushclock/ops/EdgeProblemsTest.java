package dev.pushclock.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pushclock.testing.RawHttp;
import dev.pushclock.transport.Transport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Client errors at the edges, each a problem document rather than HTML or an empty body; and no
 * cleartext HTTP/2 upgrade unless it is configured.
 */
@QuarkusTest
class EdgeProblemsTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI root;

    @Test
    void aPathNothingServesIs404() {
        given().get("/no/such/thing").then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }

    /** Whether Quarkus REST or a Vert.x route serves the path: each of them says which methods it takes. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "WEBSOCKET", mode = EnumSource.Mode.EXCLUDE)
    void aMethodNotServedIs405NamingTheAllowedOnes(Transport transport) {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            given().request(method, transport.path()).then().statusCode(405).contentType(PROBLEM)
                    .header("Allow", containsString("GET"))
                    .body("detail", containsString("GET"));
        }
    }

    @Test
    void aLongPollAnswersHeadAsItWouldGet() {
        given().head(Transport.LONG_POLL.path() + "?after=0").then().statusCode(200)
                .header("Content-Length", not(equalTo("0"))).body(emptyString());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "POLL", "IFRAME" })
    void aRepresentationNotOfferedIs406(Transport transport) {
        // the forever frame's is text/html: a detail naming the poll's types misled its clients
        given().accept("image/png").get(transport.path()).then().statusCode(406).contentType(PROBLEM)
                .body("detail", containsString("Accept")).body("detail", not(containsString("application/json")));
    }

    @Test
    void aBodyNoEndpointTakesIs413() throws Exception {
        assertProblem(413, "GET /api/clock HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aTargetOver4KibIs414() throws Exception {
        assertProblem(414, "GET /api/clock?x=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    @Test
    void headersOver16KibAre431() throws Exception {
        assertProblem(431, "GET /api/clock HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void noCleartextHttp2Upgrade() throws Exception {
        RawHttp.Exchange exchange = RawHttp.send(root, ("GET /api/clock HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(2), text -> text.contains("\r\n\r\n"));
        assertNotEquals(101, exchange.status(), exchange.text());
        assertEquals(200, exchange.status(), "served as HTTP/1.1:\n" + exchange.text());
    }

    private void assertProblem(int status, String request) throws Exception {
        RawHttp.Exchange exchange = RawHttp.send(root, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(3));
        assertEquals(status, exchange.status(), exchange.text());
        assertTrue(exchange.text().toLowerCase().contains("content-type: " + PROBLEM), exchange.text());
    }
}
