package dev.pushclock.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A plain WebSocket client that queues what the server sends, for bounded waits in tests. */
public final class SocketTap implements AutoCloseable {

    /** A text frame and when it came. */
    public record Frame(long receivedMillis, JsonObject json) {
    }

    /** How the server closed the socket. */
    public record Closed(Short code, String reason) {
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private final WebSocketClient client;
    public final WebSocket socket;

    /** The response headers of the upgrade: Vert.x keeps them only while the handshake completes. */
    public final MultiMap handshake;

    private SocketTap(WebSocketClient client, WebSocket socket, MultiMap handshake) {
        this.client = client;
        this.socket = socket;
        this.handshake = handshake;
        socket.textMessageHandler(text -> {
            seen.add(text);
            frames.add(new Frame(System.currentTimeMillis(), new JsonObject(text)));
        });
        socket.closeHandler(end -> closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason())));
        // A socket that breaks (ended without a close frame) is closed too: closeHandler reports it.
        socket.exceptionHandler(broken -> { });
    }

    public static SocketTap open(Vertx vertx, URI httpUri, String pathAndQuery) throws Exception {
        return open(vertx, httpUri, pathAndQuery, new WebSocketClientOptions());
    }

    public static SocketTap open(Vertx vertx, URI httpUri, String pathAndQuery, WebSocketClientOptions options)
            throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(options);
        WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setHost(httpUri.getHost()).setPort(httpUri.getPort()).setURI(pathAndQuery);
        // Connect from an event-loop context so the callback runs on that loop while the handshake completes:
        // attached from this thread, it could run after the fact, when the headers are gone and frames missed.
        CompletableFuture<SocketTap> tap = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(start -> client.connect(connect).onComplete(opened -> {
            if (opened.succeeded()) {
                WebSocket socket = opened.result();
                tap.complete(new SocketTap(client, socket, MultiMap.caseInsensitiveMultiMap().addAll(socket.headers())));
            } else {
                tap.completeExceptionally(opened.cause());
            }
        }));
        return tap.get(5, TimeUnit.SECONDS);
    }

    public Frame next(Duration atMost) throws InterruptedException {
        Frame frame = frames.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(frame, "no frame within " + atMost + "; frames so far: " + seen);
        return frame;
    }

    /** The next frame if one arrives within {@code atMost}, else null. */
    public Frame poll(Duration atMost) throws InterruptedException {
        return frames.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame whose {@code type} is {@code type}, skipping others, within {@code atMost} overall. */
    public JsonObject next(String type, Duration atMost) throws InterruptedException {
        return next(json -> type.equals(json.getString("type")), atMost);
    }

    public JsonObject next(Predicate<JsonObject> wanted, Duration atMost) throws InterruptedException {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        for (;;) {
            Frame frame = next(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            if (wanted.test(frame.json())) {
                return frame.json();
            }
        }
    }

    public void send(String text) throws Exception {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public Closed awaitClose(Duration atMost) throws Exception {
        return closed.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        client.close();
    }
}
