package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * A client that stops reading fills its socket's buffers, and then the server's. It never delays
 * anyone else's ticks, holds only the newest frame, and after {@code slow-consumer.max-lag} it is
 * let go: a WebSocket with 1008, a stream by closing it.
 */
@QuarkusTest
@TestProfile(SlowConsumerTest.ShortPatience.class)
class SlowConsumerTest {

    public static class ShortPatience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pushclock.slow-consumer.max-lag", "2s", "pushclock.send-buffer-size", "4096");
        }
    }

    private static final Duration SOON = Duration.ofSeconds(15);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/")
    URI root;

    private static double dropped(String transport) {
        String metrics = given().get("/q/metrics").asString();
        String prefix = "pushclock_connections_dropped_slow_total{transport=\"" + transport + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(0);
    }

    /** Reads what is left until the server closes the connection; false if it is still open after {@code within}. */
    private static boolean closedByServer(Socket socket, Duration within) throws Exception {
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[65536];
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep draining
            } catch (java.io.IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anEventStreamThatStopsReadingIsClosedAndHoldsNoOneBack() throws Exception {
        try (SocketTap watcher = SocketTap.open(vertx, root, "/ws/clock"); Socket stuck = new Socket()) {
            long start = watcher.next("tick", SOON).getLong("seq");
            double droppedBefore = dropped("sse");
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new java.net.InetSocketAddress(root.getHost(), root.getPort()));
            // a full window of replay (~45 KB) fills the socket's buffers at once; then it reads nothing
            stuck.getOutputStream().write(("GET /api/clock/events HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: "
                    + (start - 299) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

            await().atMost(SOON).until(() -> dropped("sse") > droppedBefore);
            assertTrue(closedByServer(stuck, SOON), "the stuck stream was counted as dropped but is still open");

            long last = start;
            long now = given().get("/api/clock").jsonPath().getLong("seq");
            while (last < now) {
                SocketTap.Frame frame = watcher.next(Duration.ofMillis(1500));
                long seq = frame.json().getLong("seq");
                assertEquals(last + 1, seq, "the watcher missed a tick while another client was stuck");
                assertTrue(frame.receivedMillis() - frame.json().getLong("epochMillis") < 1000, "delayed: " + frame);
                last = seq;
            }
        }
    }

    @Test
    void aWebSocketThatStopsReadingIsClosedWith1008() throws Exception {
        WebSocketClientOptions tinyBuffer = new WebSocketClientOptions().setReceiveBufferSize(1024);
        try (SocketTap stuck = SocketTap.open(vertx, root, "/ws/clock", tinyBuffer)) {
            stuck.next("tick", SOON);
            double droppedBefore = dropped("websocket");
            stuck.socket.pause();
            // answers to its own pings fill its buffers; it reads none of them
            for (int i = 0; i < 3000; i++) {
                stuck.socket.writeTextMessage("{\"type\":\"ping\"}");
            }
            await().atMost(SOON).until(() -> dropped("websocket") > droppedBefore);
            stuck.socket.resume();
            SocketTap.Closed closed = stuck.awaitClose(SOON);
            assertEquals((short) 1008, closed.code(), "closed with " + closed);
            assertTrue(closed.reason().startsWith("not reading"), closed.reason());
        }
    }
}
