package dev.pushclock.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.ServerStats;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;

/**
 * HEAD on a stream is told what its GET would be told, status and headers, and ends there: it
 * sends no byte of the stream, holds no connection, counts no message, and the kept-alive
 * connection serves its next request (HTTP requires HEAD wherever GET is served, and a monitor or
 * a proxy's check asks with it). A bad parameter is refused as for GET.
 */
@QuarkusTest
class HeadOnEveryStreamTest {

    private static final List<String> STREAM_HEADERS = List.of("content-type", "cache-control", "x-accel-buffering",
            "content-security-policy");
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI root;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "IFRAME", "SSE", "NDJSON" })
    void headGetsTheHeadersOfGetAndNothingMore(Transport transport) throws Exception {
        String target = transport.path() + "?zone=Europe/Paris";
        long messages = ServerStats.messages(root, transport);
        // HEAD, then a poll on the same connection: the HEAD's head must be followed by the poll's answer
        String received = new String(RawHttp.exchange(root, "HEAD " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET " + Transport.POLL.path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", WITHIN),
                StandardCharsets.ISO_8859_1);
        int headEnd = received.indexOf("\r\n\r\n");
        assertTrue(received.startsWith("HTTP/1.1 200 ") && headEnd > 0, received);
        String after = received.substring(headEnd + 4);
        assertTrue(after.startsWith("HTTP/1.1 200 ") && after.contains("\"seq\":"),
                "after the HEAD's head, not the poll's answer at once: " + received);

        await().atMost(WITHIN).untilAsserted(() -> assertEquals(0, ServerStats.connections(root, transport),
                "a HEAD still counted as a connection of " + transport));
        assertEquals(messages, ServerStats.messages(root, transport), "a HEAD counted as a message");

        Map<String, String> head = headers(received.substring(0, headEnd));
        try (LineTap get = LineTap.open(TestVertx.get(), root.resolve(target))) {
            LineTap.assertStatus(get, 200);
            MultiMap fromGet = get.headers(WITHIN);
            for (String name : STREAM_HEADERS) {
                assertEquals(fromGet.get(name), head.get(name), name + " of HEAD and GET " + target);
            }
        }
    }

    @Test
    void aHeldLongPollsHeadIsAnsweredAtTheNextTickWithoutABody() throws Exception {
        long messages = ServerStats.messages(root, Transport.LONG_POLL);
        RawHttp.Exchange exchange = headAlone(Transport.LONG_POLL.path());
        assertEquals(200, exchange.status(), exchange.text());
        assertTrue(exchange.text().endsWith("\r\n\r\n"), "a body after the head: " + exchange.text());
        assertEquals(messages, ServerStats.messages(root, Transport.LONG_POLL), "a HEAD counted as a message");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "IFRAME", "SSE", "NDJSON" })
    void headWithABadParameterIsRefusedAsGetIs(Transport transport) throws Exception {
        RawHttp.Exchange exchange = headAlone(transport.path() + "?zone=Nowhere/Special");
        assertEquals(400, exchange.status(), exchange.text());
        assertTrue(exchange.text().toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), exchange.text());
    }

    /** A HEAD on a connection of its own, which the server closes once it has answered. */
    private RawHttp.Exchange headAlone(String target) throws Exception {
        return RawHttp.send(root, ("HEAD " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), WITHIN);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new TreeMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
