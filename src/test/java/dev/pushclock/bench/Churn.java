package dev.pushclock.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * The churn of a soak: keeps a pool of short-lived clients of every transport and, every second,
 * drops some and opens as many new ones, so connections come and go all the time beside the
 * measured clients that stay. Prints how many it opened, closed and failed to open.
 *
 * <pre>java … dev.pushclock.bench.Churn http://127.0.0.1:8080 POOL PER_SECOND SECONDS</pre>
 */
public final class Churn {

    private static final String[] STREAMS = { "/api/clock/events", "/api/clock/stream", "/iframe/clock",
            "/api/clock/next?timeout=60" };   // answered at the next tick: a long-poll comes and goes every second

    public static void main(String[] args) throws Exception {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        URI server = URI.create(args[0]);
        int pool = Integer.parseInt(args[1]);
        int perSecond = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(pool * 2));
        WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(pool * 2));
        Random random = new Random(7);
        List<Future<Runnable>> open = new ArrayList<>();
        AtomicLong opened = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long closed = 0;
        long end = System.currentTimeMillis() + seconds * 1000;
        while (System.currentTimeMillis() < end) {
            long tick = System.currentTimeMillis();
            int toOpen = open.size() < pool ? Math.min(perSecond, pool - open.size()) : perSecond;
            if (open.size() >= pool) {
                for (int i = 0; i < perSecond && !open.isEmpty(); i++) {
                    Future<Runnable> victim = open.remove(random.nextInt(open.size()));
                    victim.onSuccess(Runnable::run);
                    closed++;
                }
            }
            for (int i = 0; i < toOpen; i++) {
                open.add(connect(vertx, http, sockets, server, random.nextInt(STREAMS.length + 1), opened, failed));
            }
            Thread.sleep(Math.max(0, 1000 - (System.currentTimeMillis() - tick)));
        }
        for (Future<Runnable> client : open) {
            client.onSuccess(Runnable::run);
            closed++;
        }
        System.out.printf("{\"opened\":%d,\"closed\":%d,\"failed\":%d}%n", opened.get(), closed, failed.get());
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    /** Opens one client; the future holds how to close it. */
    private static Future<Runnable> connect(Vertx vertx, HttpClient http, WebSocketClient sockets, URI server, int kind,
            AtomicLong opened, AtomicLong failed) {
        Future<Runnable> client;
        if (kind == STREAMS.length) {
            client = sockets.connect(server.getPort(), server.getHost(), "/ws/clock")
                    .map(socket -> () -> socket.close());
        } else {
            client = http.request(HttpMethod.GET, server.getPort(), server.getHost(), STREAMS[kind])
                    .compose(request -> request.send().map(response -> {
                        response.handler(ignored -> {
                        });
                        return (Runnable) () -> request.connection().close();
                    }));
        }
        return client.onSuccess(ok -> opened.incrementAndGet()).onFailure(error -> failed.incrementAndGet());
    }
}
