package dev.pushclock.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pushclock.testing.LiveObjects;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.RawWebSocket;
import dev.pushclock.testing.ServerStats;
import dev.pushclock.testing.TwoOfEach;
import dev.pushclock.transport.Transport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every way a request can end gives its transport's slot back: refused for its size (413, 414,
 * 431), for a bad parameter (400), closed by the client at once, reset, or let go. With a cap of
 * two per transport, five of each would lock a leaking transport out; afterwards every transport
 * still admits a client, {@code /api/stats} counts no connection, and no more connection objects
 * (Netty channels, Vert.x connections and sockets) are reachable than before.
 */
@QuarkusTest
@TestProfile(TwoOfEach.class)
class SlotsAreGivenBackTest {

    private static final int TIMES = 5;
    private static final Duration WITHIN = Duration.ofSeconds(5);
    /**
     * Connection objects the test's own clients may hold at the moment of a look: two connections
     * (a stats request's, one kept alive), a channel and an HTTP connection each. A leaking ending
     * leaks a set per time, {@link #TIMES} sets, two to four objects each.
     */
    private static final long IN_FLIGHT = 4;

    @TestHTTPResource("/")
    URI root;

    private static String head(Transport transport, String target, String... headers) {
        return RawHttp.getRequest(target, transport == Transport.WEBSOCKET, headers);
    }

    private RawHttp.Exchange send(String request) throws IOException {
        return RawHttp.send(root, request.getBytes(StandardCharsets.ISO_8859_1), WITHIN, RawHttp::completeResponse);
    }

    /** Opens a request and drops the connection as soon as it is sent; with {@code reset}, without a FIN. */
    private void openAndDrop(String request, boolean reset) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyEndingGivesTheSlotBack(Transport transport) throws Exception {
        String path = transport.path() + (transport == Transport.LONG_POLL ? "?timeout=30" : "");
        ServerStats.connections(root, transport);
        long connectionObjectsBefore = LiveObjects.total(LiveObjects.CONNECTIONS);
        for (int i = 0; i < TIMES; i++) {
            assertStatus(413, send(head(transport, path, "Content-Length: 20000000")), "a body too large to read");
            assertStatus(414, send(head(transport, path + (path.contains("?") ? "&" : "?") + "x=" + "a".repeat(9000))),
                    "a request line too long");
            assertStatus(431, send(head(transport, path, "X-Filler: " + "a".repeat(30_000))), "headers too large");
            assertStatus(400, send(head(transport, transport.path() + "?zone=Nowhere")), "a bad zone");
            openAndDrop(head(transport, path), false);
            openAndDrop(head(transport, path), true);
        }
        if (transport == Transport.WEBSOCKET) {
            for (int i = 0; i < TIMES; i++) {
                try (RawWebSocket flooding = RawWebSocket.open(root, path, WITHIN)) {
                    flooding.flood(0x81, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), 1000, WITHIN);
                    assertTrue(flooding.closedByServer(WITHIN), "a flooding socket is let go");
                }
            }
        }
        await().atMost(WITHIN).untilAsserted(() -> assertEquals(0, ServerStats.connections(root, transport), transport + " still counts connections"));
        // A full collection and a heap walk per look: seconds apart, with time for them on a busy machine.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Long> now = LiveObjects.count(LiveObjects.CONNECTIONS);
            assertTrue(now.values().stream().mapToLong(Long::longValue).sum() <= connectionObjectsBefore + IN_FLIGHT,
                    "connection objects still reachable, " + connectionObjectsBefore + " before: " + now);
        });
        RawHttp.Exchange fresh = RawHttp.send(root, head(transport, path).getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofMillis(1500), received -> received.contains("\r\n\r\n"));
        int expected = transport == Transport.WEBSOCKET ? 101 : 200;
        assertTrue(fresh.status() == expected,
                transport + " no longer admits a client:\n" + fresh.text());
    }

    private static void assertStatus(int expected, RawHttp.Exchange exchange, String what) {
        assertEquals(expected, exchange.status(), what + ":\n" + exchange.text());
    }

}
