package dev.pushclock.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pushclock.testing.RawWebSocket;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.json.JsonObject;

/**
 * Flooding sockets against the packaged app on the production heap (-Xmx256m): clients that send
 * hundreds of thousands of commands or pings and never read are let go at their bound, the
 * process's memory stays bounded, and a client that behaves misses no tick meanwhile.
 */
class FloodIT {

    private static final int FLOODERS = 30;
    private static final int FRAMES = 300_000;
    private static final Duration WITHIN = Duration.ofSeconds(5);
    /**
     * What the production heap (256 MiB) and the JVM's own needs may take, under the pod's 512 MiB
     * limit; the same flood took the process past 514 MiB and out of service before replies were bounded.
     */
    private static final long RSS_BOUND_KIB = 400 * 1024;

    private static PackagedApp app;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        app = PackagedApp.start(0, Map.of(), Map.of("PATH", System.getenv("PATH"), "JAVA_TOOL_OPTIONS", "-Xmx256m"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void floodersAreLetGoAtTheirBoundAndNobodyElseNotices() throws Exception {
        try (SocketTap watcher = SocketTap.open(TestVertx.get(), app.uri(), "/ws/clock")) {
            long first = watcher.next("tick", WITHIN).getLong("seq");
            double droppedBefore = droppedSlow();
            long idleRss = rssKib();
            byte[] command = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
            // the largest control frame: its pongs outgrow the kernel's buffers long before the flood ends
            byte[] ping = "p".repeat(125).getBytes(StandardCharsets.UTF_8);
            long peakRss = 0;

            ExecutorService floods = Executors.newFixedThreadPool(2 * FLOODERS);
            List<RawWebSocket> sockets = new ArrayList<>();
            List<Future<Integer>> sent = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * FLOODERS; i++) {
                    sockets.add(RawWebSocket.open(app.uri(), "/ws/clock", WITHIN));
                }
                for (int i = 0; i < 2 * FLOODERS; i++) {
                    RawWebSocket socket = sockets.get(i);
                    boolean commands = i < FLOODERS;
                    sent.add(floods.submit(() -> commands ? socket.flood(0x81, command, FRAMES, Duration.ofSeconds(60))
                            : socket.flood(0x89, ping, FRAMES, Duration.ofSeconds(60))));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                for (Future<Integer> flood : sent) {
                    while (!flood.isDone() && System.nanoTime() < deadline) {
                        peakRss = Math.max(peakRss, rssKib());
                        assertEquals(200, status(app.uri().resolve("/api/clock")), "the clock answers during the flood");
                        try {
                            flood.get(200, TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException stillFlooding) {
                            // sample again
                        }
                    }
                    assertTrue(flood.isDone(), "a flooder was never let go");
                }
                for (int i = 0; i < sockets.size(); i++) {
                    // at its burst of messages, its bound of replies or a send buffer full on a ping; then a 1 s grace
                    assertTrue(sockets.get(i).closedByServer(Duration.ofSeconds(20)), "the server let flooder " + i + " go, after "
                            + sent.get(i).get() + " frames (" + (i < FLOODERS ? "commands" : "pings") + ")");
                }
            } finally {
                floods.shutdownNow();
                for (RawWebSocket socket : sockets) {
                    socket.close();
                }
            }
            System.out.printf("FloodIT: %d flooding sockets, resident memory peaked at %d MiB (%d MiB before)%n", 2 * FLOODERS, peakRss / 1024,
                    idleRss / 1024);
            assertTrue(peakRss < RSS_BOUND_KIB, "resident memory peaked at " + peakRss / 1024 + " MiB");
            assertTrue(droppedSlow() >= droppedBefore + 2 * FLOODERS, "every flooder counted as dropped: " + droppedSlow());
            assertEquals(200, status(app.managementUri().resolve("/q/health/live")));

            long latest = new JsonObject(get(app.uri().resolve("/api/clock"))).getLong("seq");
            long last = first;
            while (last < latest) {
                long seq = watcher.next("tick", WITHIN).getLong("seq");
                assertEquals(last + 1, seq, "the client that reads missed a tick during the flood");
                last = seq;
            }
            assertEquals(1, websocket().getLong("connections"), "only the watcher is still held: " + websocket());
        }
    }

    private static JsonObject websocket() throws Exception {
        return new JsonObject(get(app.uri().resolve("/api/stats"))).getJsonObject("websocket");
    }

    /** {@code pushclock_connections_dropped_slow_total} of the WebSocket, from the management port. */
    private static double droppedSlow() throws Exception {
        for (String line : get(app.managementUri().resolve("/q/metrics")).split("\n")) {
            if (line.startsWith("pushclock_connections_dropped_slow_total{") && line.contains("transport=\"websocket\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no dropped-slow counter for the WebSocket on /q/metrics");
    }

    private static String get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(WITHIN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int status(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(WITHIN).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(app.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
