package dev.pushclock.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.Management;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import dev.pushclock.testing.TwoOfEach;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * Over a transport's connection limit, the service refuses politely (503 and Retry-After; a socket
 * closed with 1013), counts the refusal, and goes on serving those it holds.
 */
@QuarkusTest
@TestProfile(TwoOfEach.class)
class ConnectionLimitsTest {

    private static final Duration SOON = Duration.ofSeconds(5);
    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    @Test
    void aThirdEventStreamIsRefusedWith503AndRetryAfter() throws Exception {
        try (LineTap first = LineTap.open(vertx, root.resolve("/api/clock/events"));
                LineTap second = LineTap.open(vertx, root.resolve("/api/clock/events"))) {
            LineTap.assertStatus(first, 200);
            LineTap.assertStatus(second, 200);
            // a raw request: were the limit not kept, a stream would never end
            RawHttp.Exchange third = RawHttp.send(root, ("GET /api/clock/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), SOON);
            assertEquals(503, third.status(), third.text());
            assertTrue(third.text().contains("application/problem+json") && third.text().contains("sse is at its limit of 2"),
                    third.text());
            Matcher retryAfter = Pattern.compile("(?i)retry-after: (\\d+)").matcher(third.text());
            assertTrue(retryAfter.find(), third.text());
            int seconds = Integer.parseInt(retryAfter.group(1));
            assertTrue(seconds >= 1 && seconds <= 5, "Retry-After " + seconds);
            assertTrue(first.next(line -> line.startsWith("data:"), SOON).text().contains("\"seq\""),
                    "the streams it holds go on");
            given().get(Management.uri("/metrics")).then()
                    .body(containsString("pushclock_connections_refused_total{transport=\"sse\"} 1.0"));
        }
        org.awaitility.Awaitility.await().atMost(SOON).until(() -> RawHttp.send(root, ("GET /api/clock/events HTTP/1.1\r\n"
                + "Host: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), Duration.ofMillis(500)).status() == 200);
    }

    @Test
    void aThirdSocketIsClosedWith1013() throws Exception {
        try (SocketTap first = SocketTap.open(vertx, root, "/ws/clock");
                SocketTap second = SocketTap.open(vertx, root, "/ws/clock");
                SocketTap third = SocketTap.open(vertx, root, "/ws/clock")) {
            first.next("tick", SOON);
            second.next("tick", SOON);
            SocketTap.Closed closed = third.awaitClose(SOON);
            assertEquals((short) 1013, closed.code());
            assertTrue(closed.reason().contains("try again later"), closed.reason());
            first.next("tick", Duration.ofMillis(1500));
        }
    }
}
