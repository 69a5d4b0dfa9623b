package dev.pushclock.transport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.RawWebSocket;
import dev.pushclock.testing.ServerStats;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Malformed and hostile requests and frames, written byte for byte: every one is answered with a
 * 4xx or a clean close — never a 5xx, never a hang, never with the hostile text reflected — and a
 * client watching the clock all along misses nothing.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class HostileInputTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final List<String> PATHS = Stream.of(Transport.values()).map(Transport::path).toList();
    private static final List<String> PARAMETERS = Stream.of(Parameter.values()).map(Parameter::queryName).toList();

    static final Vertx vertx = TestVertx.get();
    static SocketTap watcher;
    static long watchedFrom;
    /** Where the server is, for the check after all tests (when Quarkus has already reset RestAssured's port). */
    static URI server;

    @TestHTTPResource("/")
    URI root;


    private void watch() throws Exception {
        if (watcher == null) {
            server = root;
            watcher = SocketTap.open(vertx, root, "/ws/clock");
            watchedFrom = watcher.next("tick", WITHIN).getLong("seq");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String get(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    /** Every query parameter of every transport, with a script, CRLF and NUL in it; and seeded garbage. */
    static Stream<Arguments> hostileRequests() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : PATHS) {
            for (String parameter : PARAMETERS) {
                cases.add(Arguments.of(parameter + "=script on " + path,
                        get(path + "?" + parameter + "=" + encode(SCRIPT)).getBytes(StandardCharsets.ISO_8859_1)));
            }
            cases.add(Arguments.of("CRLF header injection on " + path,
                    get(path + "?zone=UTC%0d%0aX-Injected:%20yes").getBytes(StandardCharsets.ISO_8859_1)));
            cases.add(Arguments.of("malformed escape on " + path,
                    get(path + "?zone=%ZZ").getBytes(StandardCharsets.ISO_8859_1)));
        }
        for (String number : List.of("-1", "1e3", "0x10", "%2B7", "%201", "NaN", "Infinity", "%D9%A1%D9%A2",
                "99999999999999999999", "%00")) {
            cases.add(Arguments.of("after=" + number, get("/api/clock/next?after=" + number).getBytes(StandardCharsets.ISO_8859_1)));
            cases.add(Arguments.of("timeout=" + number, get("/api/clock/next?timeout=" + number).getBytes(StandardCharsets.ISO_8859_1)));
        }
        cases.add(Arguments.of("repeated after", get("/api/clock/next?after=1&after=2").getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("repeated lastEventId", get("/api/clock/events?lastEventId=1&lastEventId=2").getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("Last-Event-ID script", get("/api/clock/events", "Last-Event-ID: " + SCRIPT).getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("huge query string", get("/api/clock?zone=" + "A".repeat(64 * 1024)).getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("huge header", get("/api/clock", "X-Big: " + "b".repeat(64 * 1024)).getBytes(StandardCharsets.ISO_8859_1)));
        String[] many = new String[2000];
        for (int i = 0; i < many.length; i++) {
            many[i] = "X-Many-" + i + ": " + i;
        }
        cases.add(Arguments.of("two thousand headers", get("/api/clock", many).getBytes(StandardCharsets.ISO_8859_1)));
        for (String traversal : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/iframe/../../pom.xml",
                "/..%2f..%2fapplication.properties", "/META-INF/resources/index.html", "/application.properties")) {
            cases.add(Arguments.of("traversal " + traversal, get(traversal).getBytes(StandardCharsets.ISO_8859_1)));
        }
        cases.add(Arguments.of("POST to the clock", ("POST /api/clock HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("not HTTP at all", "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("a request line without a version", "GET /api/clock\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(Arguments.of("an upgrade without a key", get("/ws/clock", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13").getBytes(StandardCharsets.ISO_8859_1)));
        Random random = new Random(2026);
        for (int i = 0; i < 10; i++) {
            byte[] garbage = new byte[1 + random.nextInt(2048)];
            random.nextBytes(garbage);
            cases.add(Arguments.of("random bytes #" + i, garbage));
            StringBuilder value = new StringBuilder();
            for (int c = 0; c < 1 + random.nextInt(40); c++) {
                value.append((char) (0x20 + random.nextInt(0x5f)));
            }
            String path = PATHS.get(random.nextInt(PATHS.size()));
            String parameter = PARAMETERS.get(random.nextInt(PARAMETERS.size()));
            cases.add(Arguments.of("random " + parameter + " on " + path + " #" + i,
                    get(path + "?" + parameter + "=" + encode(value.toString())).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void aHostileRequestIsRefusedCleanly(String name, byte[] request) throws Exception {
        watch();
        RawHttp.Exchange exchange = RawHttp.send(root, request, WITHIN);
        int status = exchange.status();
        String text = exchange.text();
        if (status >= 200 && status < 300) {
            // a harmless value of a parameter another transport ignores: served normally
            assertFalse(text.contains(SCRIPT), "reflected: " + text);
        } else {
            assertTrue(exchange.closedByServer() || status >= 400, name + ": neither answered nor closed within " + WITHIN);
            assertTrue(status == -1 || (status >= 400 && status < 500), name + " answered " + status + ":\n" + text);
        }
        assertFalse(text.contains(SCRIPT), "reflected unescaped: " + text);
        assertFalse(text.toLowerCase().contains("\r\nx-injected"), "header injected: " + text);
        assertFalse(text.contains("quarkus.") || text.contains("root:x:0"), "leaked a file: " + text);
    }

    @Test
    void hostileFramesCloseOnlyTheirOwnSocket() throws Exception {
        watch();
        try (SocketTap script = SocketTap.open(vertx, root, "/ws/clock")) {
            script.send("{\"type\":\"zone\",\"zone\":\"" + SCRIPT + "\"}");
            assertFalse(script.next("error", WITHIN).encode().contains(SCRIPT));
        }
        try (SocketTap flood = SocketTap.open(vertx, root, "/ws/clock")) {
            for (int i = 0; i < 2000; i++) {
                flood.socket.writeTextMessage("{\"type\":\"ping\"}");
            }
            assertEquals(Short.valueOf((short) 1008), flood.awaitClose(WITHIN).code(), "2,000 commands at once");
        }
        try (SocketTap flood = SocketTap.open(vertx, root, "/ws/clock")) {
            for (int i = 0; i < 500; i++) {
                flood.socket.writePing(Buffer.buffer("ping"));
            }
            assertEquals(Short.valueOf((short) 1008), flood.awaitClose(WITHIN).code(), "500 pings at once");
        }
        try (RawWebSocket huge = RawWebSocket.open(root, "/ws/clock", WITHIN)) {
            huge.send(0x81, 2L << 20, "x".repeat(1000).getBytes(StandardCharsets.UTF_8), true);
            assertEquals(1009, huge.closeCode(WITHIN), "a 2 MiB frame is refused at its header");
        }
    }

    /**
     * A socket the client resets once it is open is gone, no fault of the server's: its slot comes back
     * and nothing is logged above DEBUG (HostileInputIT reads the packaged application's log).
     */
    @Test
    void aSocketResetByItsClientIsLetGoQuietly() throws Exception {
        watch();
        // the sockets of the tests before may still be closing: start from the watcher's alone
        long open = 1;
        await().atMost(WITHIN).untilAsserted(() -> assertEquals(open, sockets(), "only the watcher's socket is open"));
        for (int i = 0; i < 5; i++) {
            RawWebSocket gone = RawWebSocket.open(root, "/ws/clock", WITHIN);
            try {
                assertTrue(gone.received("\"tick\"", WITHIN), "the socket is open and has its first tick");
            } finally {
                gone.reset();
            }
        }
        await().atMost(WITHIN).untilAsserted(() -> assertEquals(open, sockets(), "the reset sockets' slots are back"));
    }

    private long sockets() {
        return ServerStats.connections(root, Transport.WEBSOCKET);
    }

    @AfterAll
    static void theWatcherMissedNothing() throws Exception {
        if (watcher != null) {
            Clockwork clock = Clockwork.here();
            clock.tick();
            clock.tick();
            // against the packaged app the clock moves by itself: a suite quicker than a period waits for it
            long latest = await().atMost(WITHIN).until(() -> given().get(server.resolve("/api/clock")).jsonPath().getLong("seq"),
                    seq -> seq > watchedFrom);
            long last = watchedFrom;
            while (last < latest) {
                long seq = watcher.next("tick", WITHIN).getLong("seq");
                assertEquals(last + 1, seq, "a client watching during the attacks missed a tick");
                last = seq;
            }
            assertTrue(last > watchedFrom, "the watcher saw the clock move on");
            watcher.close();
        }
    }
}
