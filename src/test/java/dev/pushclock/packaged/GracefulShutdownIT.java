package dev.pushclock.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * SIGTERM under load, against the packaged service: readiness goes DOWN, every held long-poll is
 * answered 204 with {@code Connection: close}, every stream ends its chunked body properly, every
 * socket closes with 1001, and the process exits cleanly well inside the pod's grace period.
 */
class GracefulShutdownIT {

    private static final int EACH = 25;
    private static final Duration SOON = Duration.ofSeconds(10);

    static final Vertx vertx = TestVertx.get();

    @Test
    void sigtermAnswersEveryHeldRequestAndEndsEveryStreamCleanly() throws Exception {
        // a tick a minute: long-polls asking for the tick after the current one are still held at SIGTERM
        try (PackagedApp app = PackagedApp.start(0, Map.of("pushclock.tick-period", "60s"))) {
            HttpClient client = TestVertx.httpClient(vertx, EACH);
            long current = new JsonObject(LineTap.open(vertx, app.uri().resolve("/api/clock/stream"))
                    .next(SOON).text()).getLong("seq");
            List<CompletableFuture<HttpClientResponse>> longPolls = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                longPolls.add(client.request(HttpMethod.GET, app.port(), "localhost",
                        "/api/clock/next?timeout=60&after=" + (current + 1))   // one ahead: allowed, held past the next boundary
                        .compose(request -> request.send())
                        .toCompletionStage().toCompletableFuture());
            }
            List<LineTap> streams = new ArrayList<>();
            List<SocketTap> sockets = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                for (String path : List.of("/api/clock/events", "/api/clock/stream", "/iframe/clock")) {
                    streams.add(LineTap.open(vertx, app.uri().resolve(path)));
                }
                sockets.add(SocketTap.open(vertx, app.uri(), "/ws/clock"));
            }
            for (LineTap stream : streams) {
                stream.next(line -> line.contains("\"seq\""), SOON);
            }
            for (SocketTap socket : sockets) {
                socket.next("tick", SOON);
            }

            // a probe connected before the signal, so that its first look after it costs no set-up
            java.net.http.HttpClient probe = java.net.http.HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(app.managementUri().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            assertEquals(200, probe.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode());

            long terminatedAt = System.currentTimeMillis();
            app.terminate();
            // while the drain waits for the test's own connections, the replica is up and says it is not ready
            int readiness = 200;
            for (long until = System.currentTimeMillis() + SOON.toMillis(); readiness == 200 && System.currentTimeMillis() < until;) {
                readiness = probe.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
            }
            assertEquals(503, readiness, "readiness goes DOWN as the drain begins");

            for (LineTap stream : streams) {
                stream.awaitEnd(SOON);   // fails on a reset: only a proper last chunk ends it
            }
            for (CompletableFuture<HttpClientResponse> longPoll : longPolls) {
                HttpClientResponse response = longPoll.get(SOON.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(204, response.statusCode());
                assertEquals("close", response.getHeader("Connection"));
            }
            for (SocketTap socket : sockets) {
                assertEquals((short) 1001, socket.awaitClose(SOON).code());
            }
            long lastClosedAt = System.currentTimeMillis();
            for (int i = 2; i < streams.size(); i += 3) {
                List<LineTap.Line> rest = streams.get(i).drain();
                assertTrue(rest.stream().anyMatch(line -> line.text().equals("<script>parent.iframeEnd(\"shutdown\")</script>")),
                        "the forever frame says why it ends: " + rest);
            }
            int exit = app.awaitExit(Duration.ofSeconds(20));
            // 143 is 128 + SIGTERM: how a JVM that ran its shutdown hooks reports the signal
            assertTrue(exit == 0 || exit == 143, "exit " + exit + "\n" + app.log());
            assertTrue(app.log().contains("stopped in"), app.log());
            long took = System.currentTimeMillis() - terminatedAt;
            assertTrue(took < 10_000, "shutdown took " + took + " ms; the pod allows 30 s, preStop included");
            long afterLast = System.currentTimeMillis() - lastClosedAt;
            assertTrue(afterLast < 2_500, "the process took " + afterLast + " ms to exit after its last connection closed");
            assertFalse(app.log().contains(" ERROR "), "no ERROR line, sockets open at SIGTERM included:\n" + app.log());
            streams.forEach(LineTap::close);
            sockets.forEach(SocketTap::close);
        }
    }
}
