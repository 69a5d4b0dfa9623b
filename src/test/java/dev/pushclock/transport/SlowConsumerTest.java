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

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.Management;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * A client that stops reading fills its socket's buffers, and then the server's. It never delays
 * anyone else's ticks, holds only the newest frame, and after {@code slow-consumer.max-lag} it is
 * let go for real: the connection closed at once, not left waiting on a flush that never comes, a
 * WebSocket told 1008 first.
 */
@QuarkusTest
@TestProfile(SlowConsumerTest.ShortPatience.class)
class SlowConsumerTest {

    public static class ShortPatience extends ManualTime {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pushclock.slow-consumer.max-lag", "2s", "pushclock.send-buffer-size", "4096");
        }
    }

    private static final Duration SOON = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI root;

    static double dropped(String transport) {
        String metrics = given().get(Management.uri("/metrics")).asString();
        String prefix = "pushclock_connections_dropped_slow_total{transport=\"" + transport + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(0);
    }

    /** Reads what is left until the server closes the connection; false if it is still open after {@code within}. */
    static boolean closedByServer(Socket socket, Duration within) throws Exception {
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

    /** Ticks the clock (or waits for it) until {@code done}, at most {@code atMost}. */
    static void tickUntil(Clockwork clock, java.util.concurrent.Callable<Boolean> done, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            clock.tick();
            return done.call();
        });
    }

    @Test
    void anEventStreamThatStopsReadingIsClosedAndHoldsNoOneBack() throws Exception {
        Clockwork clock = Clockwork.here();
        try (SocketTap watcher = SocketTap.open(TestVertx.get(), root, "/ws/clock"); Socket stuck = new Socket()) {
            long start = watcher.next("tick", SOON).getLong("seq");
            double droppedBefore = dropped("sse");
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new java.net.InetSocketAddress(root.getHost(), root.getPort()));
            // a full window of replay (~45 KB) fills the socket's buffers at once; then it reads nothing
            stuck.getOutputStream().write(("GET /api/clock/events HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: "
                    + (start - 299) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

            tickUntil(clock, () -> dropped("sse") > droppedBefore, SOON);
            assertTrue(closedByServer(stuck, Duration.ofSeconds(2)), "the stuck stream was counted as dropped but is still open");

            long last = start;
            long now = given().get("/api/clock").jsonPath().getLong("seq");
            while (last < now) {
                SocketTap.Frame frame = watcher.next(Duration.ofMillis(1500));
                long seq = frame.json().getLong("seq");
                assertEquals(last + 1, seq, "the watcher missed a tick while another client was stuck");
                last = seq;
            }
        }
    }

    @Test
    void aWebSocketThatStopsReadingIsClosedWith1008() throws Exception {
        Clockwork clock = Clockwork.here();
        WebSocketClientOptions tinyBuffer = new WebSocketClientOptions().setReceiveBufferSize(1024);
        try (SocketTap stuck = SocketTap.open(TestVertx.get(), root, "/ws/clock", tinyBuffer)) {
            stuck.next("tick", SOON);
            double droppedBefore = dropped("websocket");
            stuck.socket.pause();
            // answers to its own pings fill its buffers; it reads none of them
            for (int i = 0; i < 3000; i++) {
                stuck.socket.writeTextMessage("{\"type\":\"ping\"}");
            }
            tickUntil(clock, () -> dropped("websocket") > droppedBefore, SOON);
            stuck.socket.resume();
            SocketTap.Closed closed = stuck.awaitClose(SOON);
            assertTrue(closed.code() == null || closed.code() == 1008, "closed with " + closed);
        }
    }
}
