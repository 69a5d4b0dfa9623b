package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pushclock.transport.Transport;
import dev.pushclock.testing.ResumingClient;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Through nginx and HAProxy, each running its shipped file in front of two replicas, every
 * transport gets its ticks one by one as they happen: two ticks arrive a tick apart, not held back
 * and joined into one piece. WebSocket upgrades pass and carry commands both ways; polling
 * revalidates with 304. (How much lag each proxy adds is the benchmark's to measure:
 * {@code bench/run.sh --servers "pushclock pushclock-via-nginx pushclock-via-haproxy"}.)
 */
class ProxiesPassEveryTickAsItComesIT {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final long HALF_A_TICK_MILLIS = 500;

    static final Vertx vertx = TestVertx.get();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Proxies proxies;

    @BeforeAll
    static void start() throws Exception {
        proxies = Proxies.shared();
    }

    static Stream<Arguments> streamingTransports() {
        return Proxies.NAMES.stream().flatMap(proxy -> Stream.of(Transport.SSE, Transport.NDJSON, Transport.IFRAME,
                Transport.WEBSOCKET, Transport.LONG_POLL).map(transport -> Arguments.of(proxy, transport)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("streamingTransports")
    void ticksArriveOneByOneATickApart(String proxyName, Transport transport) throws Exception {
        Proxy proxy = proxies.get(proxyName);
        try (ResumingClient client = ResumingClient.resuming(vertx, proxy.uri(), transport)) {
            client.awaitTicks(3, SOON);
            List<ResumingClient.Received> ticks = client.ticks();
            // the first may be the current tick, sent at once; the next two are live
            ResumingClient.Received second = ticks.get(1);
            ResumingClient.Received third = ticks.get(2);
            assertEquals(second.seq() + 1, third.seq(), "consecutive ticks: " + ticks);
            long apart = third.receivedMillis() - second.receivedMillis();
            assertTrue(apart >= HALF_A_TICK_MILLIS, proxy + " delivered two ticks " + apart + " ms apart: held back and "
                    + "joined, not streamed (" + ticks + ")");
            if (transport != Transport.LONG_POLL) {
                assertEquals(1, client.connections(), "one stream carried them all: " + client);
            }
            assertEquals(0, client.serverErrors(), client.toString());
        }
    }

    static Stream<String> proxies() {
        return Proxies.NAMES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proxies")
    void webSocketUpgradesPassAndCarryCommandsBothWays(String proxyName) throws Exception {
        Proxy proxy = proxies.get(proxyName);
        try (SocketTap socket = SocketTap.open(vertx, proxy.uri(), Transport.WEBSOCKET.path())) {
            assertEquals("websocket", socket.handshake.get("Upgrade").toLowerCase(), "the upgrade came through " + proxy);
            socket.next("tick", SOON);
            socket.send(new JsonObject().put("type", "ping").encode());
            assertNotNull(socket.next("pong", SOON).getLong("serverMillis"));
            socket.send(new JsonObject().put("type", "zone").put("zone", "Asia/Tokyo").encode());
            assertEquals("Asia/Tokyo", socket.next(frame -> "tick".equals(frame.getString("type"))
                    && "Asia/Tokyo".equals(frame.getString("zone")), SOON).getString("zone"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proxies")
    void pollingGetsTheCurrentTickAndRevalidatesWith304(String proxyName) throws Exception {
        Proxy proxy = proxies.get(proxyName);
        URI clock = proxy.uri().resolve(Transport.POLL.path());
        // a tick may end between the two requests: then the second is a 200 with the next one, and we ask again
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(clock).timeout(SOON).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode(), first.body());
            String tag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError(proxy + " dropped the ETag"));
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(clock).header("If-None-Match", tag).timeout(SOON).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (again.statusCode() == 304) {
                assertEquals("", again.body());
                return;
            }
            assertEquals(200, again.statusCode(), again.body());
        }
        throw new AssertionError(proxy + " never let a matching If-None-Match through as 304");
    }
}
