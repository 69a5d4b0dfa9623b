package dev.pushclock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.pushclock.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

/**
 * A client of one transport that keeps the clock for as long as a test wants it, as a browser
 * would: when its stream ends or breaks it reconnects at once, with its cursor when it resumes
 * ({@code Last-Event-ID} for SSE, {@code after=SEQ} for NDJSON, the forever frame, WebSocket and
 * long-polling), and it records every tick and gap marker as it came, duplicates included, and
 * every HTTP status it was answered with. Polling asks every half second. Everything runs on one
 * event loop; the test thread reads the records.
 */
public final class ResumingClient implements AutoCloseable {

    /** A tick as it came: its seq, and when. */
    public record Received(long seq, long receivedMillis) {
    }

    private static final int LONG_POLL_TIMEOUT_SECONDS = 5;
    private static final long POLL_EVERY_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final Vertx vertx;
    private final Context context;
    private final URI base;
    private final Transport transport;
    private final boolean resume;
    private final HttpClient http;
    private final WebSocketClient webSockets;

    private final List<Received> ticks = new ArrayList<>();
    private final List<Long> gaps = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int connections;
    private long backoffMillis;
    private volatile boolean closed;

    private ResumingClient(Vertx vertx, URI base, Transport transport, boolean resume) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.base = base;
        this.transport = transport;
        this.resume = resume;
        // An idle pooled connection that a replica or proxy going away resets is no failure of a
        // request: the next one opens another.
        this.http = TestVertx.httpClient(vertx, 1);
        this.webSockets = vertx.createWebSocketClient();
    }

    /** Connects, and keeps reconnecting with its cursor. */
    public static ResumingClient resuming(Vertx vertx, URI base, Transport transport) {
        return start(new ResumingClient(vertx, base, transport, true));
    }

    /** Connects, and keeps reconnecting afresh, as a client with no cursor does. */
    public static ResumingClient reconnecting(Vertx vertx, URI base, Transport transport) {
        return start(new ResumingClient(vertx, base, transport, false));
    }

    private static ResumingClient start(ResumingClient client) {
        client.context.runOnContext(start -> client.connect());
        return client;
    }

    public Transport transport() {
        return transport;
    }

    private void connect() {
        if (closed) {
            return;
        }
        switch (transport) {
            case POLL -> request(Transport.POLL.path(), this::onPollAnswer);
            case LONG_POLL -> request(Transport.LONG_POLL.path() + "?timeout=" + LONG_POLL_TIMEOUT_SECONDS
                    + (hasCursor() ? "&after=" + lastSeq() : ""), this::onLongPollAnswer);
            case WEBSOCKET -> openSocket();
            default -> request(transport.path() + (resume && hasCursor() && transport != Transport.SSE ? "?after=" + lastSeq() : ""),
                    this::onStream);
        }
    }

    private void request(String pathAndQuery, Consumer<HttpClientResponse> onResponse) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base.resolve(pathAndQuery).toString());
        if (transport == Transport.SSE && resume && hasCursor()) {
            options.addHeader("Last-Event-ID", String.valueOf(lastSeq()));
        }
        http.request(options).compose(request -> request.send()).onComplete(sent -> {
            if (sent.failed()) {
                failed("request: " + sent.cause());
                retryLater();
                return;
            }
            HttpClientResponse response = sent.result();
            status(response.statusCode());
            onResponse.accept(response);
        });
    }

    private void onPollAnswer(HttpClientResponse response) {
        response.body().onComplete(body -> {
            if (response.statusCode() == 200 && body.succeeded()) {
                tick(new JsonObject(body.result()).getLong("seq"));
            }
            vertx.setTimer(POLL_EVERY_MILLIS, next -> connect());
        });
    }

    private void onLongPollAnswer(HttpClientResponse response) {
        response.body().onComplete(body -> {
            if (response.statusCode() == 200 && body.succeeded()) {
                long cursor = lastSeq();
                long seq = new JsonObject(body.result()).getLong("seq");
                if (hasCursor() && seq <= cursor) {
                    failed("a long-poll after " + cursor + " was answered with the older tick " + seq);
                }
                tick(seq);
                connect();
            } else if (response.statusCode() == 204) {
                connect();
            } else {
                retryLater();
            }
        });
    }

    private void onStream(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> {
                failed(response.statusCode() + ": " + (body.succeeded() ? body.result() : body.cause()));
                retryLater();
            });
            return;
        }
        int before = connected();
        Once ended = new Once();
        StreamReader reader = new StreamReader();
        response.handler(RecordParser.newDelimited("\n", line -> reader.line(line.toString())));
        response.endHandler(end -> ended.run(() -> reconnect(before)));
        response.exceptionHandler(broken -> ended.run(() -> {
            failed("stream broken: " + broken);
            reconnect(before);
        }));
    }

    private void openSocket() {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI(Transport.WEBSOCKET.path() + (resume && hasCursor() ? "?after=" + lastSeq() : ""));
        webSockets.connect(options).onComplete(opened -> {
            if (opened.failed()) {
                if (opened.cause() instanceof UpgradeRejectedException rejected) {
                    status(rejected.getStatus());
                }
                failed("upgrade: " + opened.cause());
                retryLater();
                return;
            }
            status(101);
            int before = connected();
            WebSocket socket = opened.result();
            Once ended = new Once();
            socket.textMessageHandler(text -> frame(new JsonObject(text)));
            socket.closeHandler(closed -> ended.run(() -> reconnect(before)));
            socket.exceptionHandler(broken -> failed("socket broken: " + broken));
        });
    }

    /** One transport's way of telling ticks, gaps and heartbeats apart, line by line. */
    private final class StreamReader {
        private String event;
        private String data;

        void line(String line) {
            switch (transport) {
                case SSE -> sse(line);
                case NDJSON -> frame(new JsonObject(line));
                case IFRAME -> script(line);
                default -> throw new IllegalStateException(transport.id());
            }
        }

        private void sse(String line) {
            if (line.isEmpty()) {
                if ("tick".equals(event)) {
                    tick(new JsonObject(data).getLong("seq"));
                } else if ("gap".equals(event)) {
                    gap(new JsonObject(data).getLong("firstAvailable"));
                }
                event = null;
                data = null;
            } else if (line.startsWith("event:")) {
                event = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                data = line.substring("data:".length()).strip();
            }
        }

        private void script(String line) {
            if (line.startsWith("<script>parent.iframeTick(")) {
                tick(json(line).getLong("seq"));
            } else if (line.startsWith("<script>parent.iframeGap(")) {
                gap(json(line).getLong("firstAvailable"));
            }
        }

        private JsonObject json(String script) {
            return new JsonObject(script.substring(script.indexOf('(') + 1, script.lastIndexOf(')')));
        }
    }

    /** A tick JSON (NDJSON line, WebSocket frame), a gap marker, or anything else (heartbeats, pongs). */
    private void frame(JsonObject json) {
        String type = json.getString("type");
        if ("gap".equals(type)) {
            gap(json.getLong("firstAvailable"));
        } else if (json.containsKey("seq") && (type == null || "tick".equals(type))) {
            tick(json.getLong("seq"));
        }
    }

    /** At once after a connection that brought ticks; after a pause if it ended with none (a replica going away). */
    private void reconnect(int ticksBefore) {
        if (ticksReceived() > ticksBefore) {
            connect();
        } else {
            retryLater();
        }
    }

    /** After an answer that brought no tick: wait a little longer each time, up to a second. */
    private void retryLater() {
        if (closed) {
            return;
        }
        long pause;
        synchronized (this) {
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(50, backoffMillis * 2));
            pause = backoffMillis;
        }
        vertx.setTimer(pause, retry -> connect());
    }

    private synchronized int ticksReceived() {
        return ticks.size();
    }

    private synchronized void tick(long seq) {
        ticks.add(new Received(seq, System.currentTimeMillis()));
        backoffMillis = 0;
        notifyAll();
    }

    private synchronized void gap(long firstAvailable) {
        gaps.add(firstAvailable);
    }

    private synchronized void status(int status) {
        statuses.merge(status, 1, Integer::sum);
    }

    /** Counts a connection; the number of ticks received before it. */
    private synchronized int connected() {
        connections++;
        return ticks.size();
    }

    private synchronized void failed(String why) {
        failures.add(transport.id() + " " + why);
    }

    private synchronized boolean hasCursor() {
        return !ticks.isEmpty();
    }

    /** The seq of the newest tick received, or -1 before the first. */
    public synchronized long lastSeq() {
        return ticks.isEmpty() ? -1 : ticks.get(ticks.size() - 1).seq();
    }

    public synchronized List<Received> ticks() {
        return List.copyOf(ticks);
    }

    public synchronized List<Long> gaps() {
        return List.copyOf(gaps);
    }

    /** How often each HTTP status was answered (101 for an accepted WebSocket upgrade). */
    public synchronized Map<Integer, Integer> statuses() {
        return new TreeMap<>(statuses);
    }

    /** How many answers were 5xx. */
    public synchronized int serverErrors() {
        return statuses.entrySet().stream().filter(entry -> entry.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
    }

    /** How many streams or sockets were opened, the first included. */
    public synchronized int connections() {
        return connections;
    }

    /** What went wrong along the way: refusals, broken streams, rejected upgrades. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until a tick of at least {@code seq} has come, at most {@code atMost}. */
    public synchronized void awaitTick(long seq, Duration atMost) throws InterruptedException {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        while (lastSeq() < seq) {
            long left = deadline - System.currentTimeMillis();
            assertTrue(left > 0, this + " did not get tick " + seq + " within " + atMost);
            wait(left);
        }
    }

    /** Waits for {@code count} ticks in all, at most {@code atMost}. */
    public synchronized void awaitTicks(int count, Duration atMost) throws InterruptedException {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        while (ticks.size() < count) {
            long left = deadline - System.currentTimeMillis();
            assertTrue(left > 0, this + " did not get " + count + " ticks within " + atMost);
            wait(left);
        }
    }

    /**
     * Every tick from the first received to the last came exactly once and in order, with no gap
     * marker, and they span {@code from} to {@code to}.
     */
    public synchronized void assertEveryTickOnceInOrder(long from, long to) {
        assertEquals(List.of(), gaps, this + ": gap markers");
        List<Long> seqs = ticks.stream().map(Received::seq).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), this + ": after " + seqs.get(i - 1) + " came " + seqs.get(i)
                    + " (ticks " + seqs + ")");
        }
        assertTrue(!seqs.isEmpty() && seqs.get(0) <= from && seqs.get(seqs.size() - 1) >= to,
                this + " does not span " + from + ".." + to + ": " + seqs);
    }

    @Override
    public synchronized String toString() {
        return transport.id() + " client of " + base + " (" + connections + " connections, statuses " + statuses
                + ", last tick " + lastSeq() + ", failures " + failures.stream().limit(5).toList() + ")";
    }

    @Override
    public void close() {
        closed = true;
        // On the client's own event loop, after whatever callback runs there now: a reconnect that
        // saw it open cannot then ask a client already closed.
        context.runOnContext(stop -> {
            http.close();
            webSockets.close();
        });
    }

    /** Runs its action the first time only: a stream can both fail and end. */
    private static final class Once {
        private boolean done;

        void run(Runnable action) {
            if (!done) {
                done = true;
                action.run();
            }
        }
    }
}
