package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pushclock.transport.Transport;
import io.vertx.core.json.JsonObject;

/**
 * TLS ends at nginx, as at a real ingress, and browsers get HTTP/2 from it, where every stream of
 * every tab shares one connection instead of six per host: an event stream and an NDJSON stream,
 * open together over HTTP/2 from deploy/nginx.conf's TLS listener (a certificate made at test
 * time), each get their ticks one by one, a tick apart.
 */
class Http2FromNginxStreamsIT {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final long HALF_A_TICK_MILLIS = 500;

    static Nginx nginx;
    static HttpClient http2;

    @BeforeAll
    static void start() throws Exception {
        Nginx.assumeInstalled();
        nginx = (Nginx) Proxies.shared().get("nginx");
        http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(TestCertificate.get().trustingIt())
                .build();
    }

    /** A body read line by line as it arrives, each line with when it came. */
    private record Arrival(long receivedMillis, String text) {
    }

    private static final class Lines implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        final BlockingQueue<Arrival> arrived = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Lines(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try {
                    response.body().forEach(line -> arrived.add(new Arrival(System.currentTimeMillis(), line)));
                } catch (UncheckedIOException closedByTheTest) {
                    // close() ends the body under the reader: nothing more to read
                }
            }, "h2 reader " + response.uri());
            reader.setDaemon(true);
            reader.start();
        }

        Arrival nextTick() throws InterruptedException {
            long deadline = System.currentTimeMillis() + SOON.toMillis();
            for (;;) {
                Arrival line = arrived.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                assertNotNull(line, "no tick within " + SOON + " on " + response.uri() + "; lines so far: " + seen);
                seen.add(line.text());
                if (line.text().contains("\"seq\"")) {
                    return line;
                }
            }
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    private static Lines open(Transport transport) throws Exception {
        HttpResponse<Stream<String>> response = http2.send(HttpRequest.newBuilder(nginx.httpsUri().resolve(transport.path()))
                .timeout(SOON).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode(), transport.path());
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "nginx spoke " + response.version() + " to the client");
        return new Lines(response);
    }

    private static long seq(Arrival tick) {
        String text = tick.text();
        return new JsonObject(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1)).getLong("seq");
    }

    @Test
    void eventStreamAndNdjsonTickOverHttp2() throws Exception {
        try (Lines events = open(Transport.SSE); Lines ndjson = open(Transport.NDJSON)) {
            for (Lines stream : List.of(events, ndjson)) {
                stream.nextTick();   // the current tick, sent at once
            }
            for (Lines stream : List.of(events, ndjson)) {
                Arrival one = stream.nextTick();
                Arrival next = stream.nextTick();
                assertEquals(seq(one) + 1, seq(next), stream.seen.toString());
                long apart = next.receivedMillis() - one.receivedMillis();
                assertTrue(apart >= HALF_A_TICK_MILLIS, stream.response.uri() + ": two ticks " + apart
                        + " ms apart over HTTP/2, held back and joined: " + stream.seen);
            }
        }
    }
}
