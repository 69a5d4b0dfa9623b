package dev.pushclock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Reads a streaming HTTP response line by line as it arrives, noting when each line came and at
 * which byte it started, so a test can tell a stream from one joined body. Every wait is bounded.
 */
public final class LineTap implements AutoCloseable {

    public record Line(long receivedMillis, long offset, String text) {
    }

    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpClientResponse> response = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final List<String> seen = new ArrayList<>();
    private final HttpClient client;
    private final StringBuilder partial = new StringBuilder();
    private long offset;

    private LineTap(HttpClient client) {
        this.client = client;
    }

    public static LineTap open(Vertx vertx, URI uri, String... headerPairs) {
        LineTap tap = new LineTap(TestVertx.httpClient(vertx, 1));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString());
        for (int i = 0; i < headerPairs.length; i += 2) {
            options.addHeader(headerPairs[i], headerPairs[i + 1]);
        }
        // Sent from an event-loop context, so the body handler is set on that loop as the head arrives:
        // Vert.x drops body chunks that come before a handler, which a callback attached from here could miss.
        vertx.getOrCreateContext().runOnContext(start -> tap.client.request(options)
                .compose(request -> request.send())
                .onSuccess(response -> {
                    response.handler(tap::received);
                    response.endHandler(end -> tap.ended.complete(null));
                    response.exceptionHandler(tap.ended::completeExceptionally);
                    tap.response.complete(response);
                })
                .onFailure(tap.response::completeExceptionally));
        return tap;
    }

    private synchronized void received(Buffer buffer) {
        long now = System.currentTimeMillis();
        String text = buffer.toString(StandardCharsets.UTF_8);
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                String line = partial.toString();
                Line complete = new Line(now, offset, line);
                offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
                partial.setLength(0);
                lines.add(complete);
            } else {
                partial.append(c);
            }
        }
    }

    public HttpClientResponse response(Duration atMost) throws Exception {
        return response.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    public MultiMap headers(Duration atMost) throws Exception {
        return response(atMost).headers();
    }

    /** The next complete line, waiting at most {@code atMost} for it. */
    public Line next(Duration atMost) throws InterruptedException {
        Line line = lines.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "no line within " + atMost + "; lines so far: " + seen);
        seen.add(line.text());
        return line;
    }

    /** The next line if one arrives within {@code atMost}, else null. */
    public Line poll(Duration atMost) throws InterruptedException {
        Line line = lines.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
        if (line != null) {
            seen.add(line.text());
        }
        return line;
    }

    /** The next line that passes {@code wanted}, skipping others, within {@code atMost} overall. */
    public Line next(Predicate<String> wanted, Duration atMost) throws InterruptedException {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        for (;;) {
            Line line = next(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            if (wanted.test(line.text())) {
                return line;
            }
        }
    }

    /** Waits for the server to end the response, at most {@code atMost}. */
    public void awaitEnd(Duration atMost) throws Exception {
        ended.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every line still queued, without waiting. */
    public List<Line> drain() {
        List<Line> rest = new ArrayList<>();
        lines.drainTo(rest);
        rest.forEach(line -> seen.add(line.text()));
        return rest;
    }

    public static void assertStatus(LineTap tap, int status) throws Exception {
        assertEquals(status, tap.response(Duration.ofSeconds(5)).statusCode());
    }

    @Override
    public void close() {
        client.close();
    }
}
