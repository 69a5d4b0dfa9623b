package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pushclock.transport.Transport;
import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.SocketTap;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A stream with nothing to say for longer than a proxy's read timeout stays open, because the
 * clock's heartbeat speaks for it. The replicas tick once a minute with a heartbeat every 2 s;
 * both proxies run their shipped file with its read timeout (the #[read-timeout] lines) cut to
 * 5 s. Every stream, through each proxy, is still getting heartbeats at 12 s, never silent for
 * 5 s; and as a control, the timeout is really in force: a long-poll held 3 s comes back, one
 * held 10 s is cut by the proxy.
 *
 * <p>What this proves about long-polls with the shipped files: a long-poll lives exactly as long
 * as it stays under the proxy's read timeout. {@code ShippedProxyConfigsTest} checks that the
 * shipped timeouts are above {@code pushclock.long-poll.max-timeout} (120 s), so the longest
 * long-poll a client may ask for is never cut; no test waits those 120 s through a proxy.
 */
class QuietStreamsOutliveProxyReadTimeoutIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WATCHED = Duration.ofSeconds(12);
    private static final Duration SOON = Duration.ofSeconds(10);

    static final Vertx vertx = TestVertx.get();
    static Replicas replicas;
    Proxies proxies;

    @BeforeAll
    static void startReplicas() throws Exception {
        replicas = Replicas.start(Map.of("pushclock.tick-period", "60s", "pushclock.heartbeat", "2s"));
    }

    /** Fresh proxies for each test: a read timeout counts against a replica, and nginx then rests it for a while. */
    @BeforeEach
    void startProxies() {
        proxies = new Proxies(replicas.upstreams(), config -> config.readTimeout(READ_TIMEOUT));
    }

    @AfterEach
    void stopProxies() {
        proxies.close();
    }

    @AfterAll
    static void stopReplicas() {
        if (replicas != null) {
            replicas.close();
        }
    }

    /** Reads a stream until something arrives after {@code until}; the arrival times of all it read. */
    private interface Watched {
        List<Long> readUntil(long until) throws Exception;

        void close();
    }

    private static Watched lines(Proxy proxy, Transport transport, Predicate<String> heartbeat, List<String> beats) {
        LineTap tap = LineTap.open(vertx, proxy.uri().resolve(transport.path()));
        return new Watched() {
            @Override
            public List<Long> readUntil(long until) throws Exception {
                LineTap.assertStatus(tap, 200);
                List<Long> arrivals = new ArrayList<>();
                while (arrivals.isEmpty() || arrivals.get(arrivals.size() - 1) < until) {
                    LineTap.Line line = tap.next(READ_TIMEOUT.plusSeconds(1));
                    arrivals.add(line.receivedMillis());
                    if (heartbeat.test(line.text())) {
                        beats.add(proxy.name() + " " + transport.id());
                    }
                }
                return arrivals;
            }

            @Override
            public void close() {
                tap.close();
            }
        };
    }

    private static Watched frames(Proxy proxy, List<String> beats) throws Exception {
        SocketTap socket = SocketTap.open(vertx, proxy.uri(), Transport.WEBSOCKET.path());
        return new Watched() {
            @Override
            public List<Long> readUntil(long until) throws Exception {
                List<Long> arrivals = new ArrayList<>();
                while (arrivals.isEmpty() || arrivals.get(arrivals.size() - 1) < until) {
                    SocketTap.Frame frame = socket.next(READ_TIMEOUT.plusSeconds(1));
                    arrivals.add(frame.receivedMillis());
                    if ("heartbeat".equals(frame.json().getString("type"))) {
                        beats.add(proxy.name() + " " + Transport.WEBSOCKET.id());
                    }
                }
                return arrivals;
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    @Test
    void everyStreamOutlivesTheReadTimeoutOnHeartbeats() throws Exception {
        List<String> beats = new ArrayList<>();
        List<Watched> streams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long openedAt = System.currentTimeMillis();
        try {
            for (String name : Proxies.NAMES) {
                Proxy proxy = proxies.get(name);
                streams.add(lines(proxy, Transport.SSE, ": heartbeat"::equals, beats));
                streams.add(lines(proxy, Transport.NDJSON, line -> line.contains("\"heartbeat\""), beats));
                streams.add(lines(proxy, Transport.IFRAME, "<!-- heartbeat -->"::equals, beats));
                streams.add(frames(proxy, beats));
                Stream.of(Transport.SSE, Transport.NDJSON, Transport.IFRAME, Transport.WEBSOCKET)
                        .forEach(transport -> names.add(name + " " + transport.id()));
            }
            long until = openedAt + WATCHED.toMillis();
            for (int i = 0; i < streams.size(); i++) {
                List<Long> arrivals = streams.get(i).readUntil(until);
                long previous = openedAt;
                for (long arrival : arrivals) {
                    assertTrue(arrival - previous < READ_TIMEOUT.toMillis(), names.get(i) + " was silent for "
                            + (arrival - previous) + " ms: " + arrivals);
                    previous = arrival;
                }
            }
        } finally {
            streams.forEach(Watched::close);
        }
        for (String name : names) {
            long count = beats.stream().filter(name::equals).count();
            assertTrue(count >= 3, name + " got " + count + " heartbeats in " + WATCHED + ": " + beats);
        }
    }

    @Test
    void theShortenedReadTimeoutIsInForce() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> within = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> beyond = new ArrayList<>();
        for (String name : Proxies.NAMES) {
            Proxy proxy = proxies.get(name);
            long current = new JsonObject(http.send(HttpRequest.newBuilder(proxy.uri().resolve(Transport.POLL.path())).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).getLong("seq");
            // a cursor one tick ahead waits for the tick after next: over a minute away, so no tick can answer these
            within.add(http.sendAsync(longPoll(proxy, current + 1, 3), HttpResponse.BodyHandlers.ofString()));
            beyond.add(http.sendAsync(longPoll(proxy, current + 1, 10), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < Proxies.NAMES.size(); i++) {
            HttpResponse<String> answered = within.get(i).get(SOON.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(204, answered.statusCode(), Proxies.NAMES.get(i) + ": a long-poll under the read timeout is answered "
                    + "by pushclock: " + answered.body());
            HttpResponse<String> cut = beyond.get(i).get(SOON.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(504, cut.statusCode(), Proxies.NAMES.get(i) + ": a long-poll beyond the read timeout is cut by the proxy: "
                    + cut.body());
        }
    }

    private static HttpRequest longPoll(Proxy proxy, long after, int seconds) {
        URI uri = proxy.uri().resolve(Transport.LONG_POLL.path() + "?after=" + after + "&timeout=" + seconds);
        return HttpRequest.newBuilder(uri).timeout(SOON.multipliedBy(2)).build();
    }
}
