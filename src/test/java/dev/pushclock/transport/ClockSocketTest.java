package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

/** The WebSocket: a frame per tick down, commands up, and the closes the contract names. */
@QuarkusTest
@TestProfile(ManualTime.class)
class ClockSocketTest {

    private static final Duration TICK_AND_A_HALF = Duration.ofMillis(1500);
    private static final Duration SOON = Duration.ofSeconds(5);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    @Test
    void theCurrentTickFirstTypeFirstWithoutCompression() throws Exception {
        WebSocketClientOptions offeringDeflate = new WebSocketClientOptions().setTryUsePerMessageCompression(true)
                .setTryUsePerFrameCompression(true);
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock", offeringDeflate)) {
            assertTrue(socket.handshake.contains("Sec-WebSocket-Accept"), "handshake: " + socket.handshake);
            assertNull(socket.handshake.get("Sec-WebSocket-Extensions"), "compression was negotiated");
            JsonObject current = socket.next(SOON).json();
            assertEquals("tick", current.getString("type"));
            assertEquals("seq", current.fieldNames().stream().skip(1).findFirst().orElseThrow(),
                    "type first, then the tick's own fields: " + current);
            assertEquals(given().get("/api/clock").jsonPath().getLong("seq"), current.getLong("seq"), "the current tick");
        }
    }

    @Test
    void aPingIsAnsweredWithTheServersTime() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            socket.send("{\"type\":\"ping\"}");
            JsonObject pong = socket.next("pong", SOON);
            long now = given().get("/api/clock").jsonPath().getLong("epochMillis");
            assertTrue(Math.abs(pong.getLong("serverMillis") - now) < 5000, "the server's own clock: " + pong.encode());
        }
    }

    @Test
    void aZoneCommandIsAcknowledgedAndLaterTicksUseIt() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            socket.next("tick", SOON);
            socket.send("{\"type\":\"zone\",\"zone\":\"Asia/Tokyo\"}");
            assertEquals(new JsonObject().put("type", "zone").put("zone", "Asia/Tokyo"), socket.next("zone", SOON));
            Clockwork.here().tick();
            JsonObject tick = socket.next("tick", TICK_AND_A_HALF);
            assertEquals("Asia/Tokyo", tick.getString("zone"));
            assertTrue(tick.getString("iso").endsWith("+09:00"), tick.encode());
        }
    }

    @Test
    void theUpgradeRequestCanNameTheZone() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock?zone=America/Sao_Paulo")) {
            assertEquals("America/Sao_Paulo", socket.next("tick", SOON).getString("zone"));
        }
    }

    @Test
    void badCommandsAreAnsweredAndTheSocketStaysOpen() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            for (String bad : new String[] { "hello", "{\"type\":\"reboot\"}", "[1,2]", "{\"type\":\"zone\",\"zone\":\"Moon/Base\"}",
                    "{\"zone\":\"UTC\"}", "{\"type\":\"zone\"}", "null", "{\"type\":\"<script>alert(1)</script>\"}" }) {
                socket.send(bad);
                JsonObject error = socket.next("error", SOON);
                assertFalse(error.getString("message").isBlank(), error.encode());
                assertFalse(error.getString("message").contains("<script>"), "reflected: " + error.encode());
            }
            socket.send("{\"type\":\"ping\"}");
            socket.next("pong", SOON);
            assertFalse(socket.isClosed());
        }
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(4096) + "\"}");
            assertEquals((short) 1009, socket.awaitClose(SOON).code());
        }
    }

    /** One text message as several frames; {@code finished} says whether the last one ends it. */
    private static void sendInPieces(SocketTap socket, boolean finished, String... pieces) {
        for (int i = 0; i < pieces.length; i++) {
            boolean last = finished && i == pieces.length - 1;
            socket.socket.writeFrame(i == 0 ? WebSocketFrame.textFrame(pieces[i], last)
                    : WebSocketFrame.continuationFrame(Buffer.buffer(pieces[i]), last));
        }
    }

    @Test
    void aMessageOverTheLimitInPiecesClosesWith1009BeforeItIsWhole() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            String piece = "x".repeat(2048);
            sendInPieces(socket, false, "{\"type\":\"ping\",\"pad\":\"" + piece, piece);
            assertEquals((short) 1009, socket.awaitClose(SOON).code(), "the third piece is never needed");
        }
    }

    @Test
    void aMessageWithinTheLimitInPiecesIsOneCommand() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            String piece = "x".repeat(1000);
            sendInPieces(socket, true, "{\"type\":\"ping\",\"pad\":\"" + piece, piece, piece + "\"}");
            socket.next("pong", SOON);
            assertFalse(socket.isClosed());
        }
    }

    @Test
    void aBinaryMessageClosesWith1003() throws Exception {
        try (SocketTap socket = SocketTap.open(vertx, root, "/ws/clock")) {
            socket.socket.writeBinaryMessage(Buffer.buffer(new byte[] { 1, 2, 3 }));
            assertEquals((short) 1003, socket.awaitClose(SOON).code());
        }
    }
}
