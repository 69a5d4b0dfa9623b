package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pushclock.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The edges of RFC 6455, with frames no client library would send: each violation is answered with
 * the close code the RFC names, and the socket's slot is given back. A plain GET on the socket's
 * path is told to upgrade.
 */
@QuarkusTest
class SocketProtocolTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final int TEXT = 0x81;

    @TestHTTPResource("/")
    URI root;

    private int closeCodeAfter(int first, long claimedLength, byte[] payload, boolean masked) throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(root, Transport.WEBSOCKET.path(), WITHIN)) {
            socket.send(first, claimedLength, payload, masked);
            return socket.closeCode(WITHIN);
        }
    }

    @AfterEach
    void theSlotIsGivenBack() {
        await().atMost(WITHIN).untilAsserted(() -> given().get("/api/stats").then()
                .body("websocket.connections", org.hamcrest.Matchers.equalTo(0)));
    }

    @Test
    void aFrameLargerThanTheLimitIsRefusedAtItsHeaderWith1009() throws Exception {
        assertEquals(1009, closeCodeAfter(TEXT, 2L << 20, "{\"type\"".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void invalidUtf8InATextFrameCloses1007() throws Exception {
        byte[] invalid = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        assertEquals(1007, closeCodeAfter(TEXT, invalid.length, invalid, true));
    }

    @Test
    void rsv1WithoutNegotiatedCompressionCloses1002() throws Exception {
        byte[] payload = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1002, closeCodeAfter(0xC1, payload.length, payload, true));
    }

    @Test
    void anUnmaskedFrameFromAClientCloses1002() throws Exception {
        byte[] payload = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1002, closeCodeAfter(TEXT, payload.length, payload, false));
    }

    @Test
    void aReservedOpcodeCloses1002() throws Exception {
        assertEquals(1002, closeCodeAfter(0x83, 1, new byte[] {'x'}, true));
    }

    @Test
    void aBinaryMessageCloses1003() throws Exception {
        assertEquals(1003, closeCodeAfter(0x82, 3, new byte[] {1, 2, 3}, true));
    }

    @Test
    void aPlainGetIsToldToUpgradeWith426() {
        given().get(Transport.WEBSOCKET.path()).then().statusCode(426)
                .header("Upgrade", "websocket")
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(426))
                .body("detail", containsString("WebSocket"));
    }
}
