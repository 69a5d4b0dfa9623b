package dev.pushclock.testing;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * A bare Vert.x HTTP server on a free loopback port, for a test of one piece of the write path
 * without the rest of the service: its handler runs on the connection's event loop, as the
 * service's routes do.
 */
public final class PlainServer implements AutoCloseable {

    private final HttpServer server;

    private PlainServer(HttpServer server) {
        this.server = server;
    }

    public static PlainServer start(HttpServerOptions options, Handler<HttpServerRequest> handler) throws Exception {
        return new PlainServer(TestVertx.get().createHttpServer(options.setHost("127.0.0.1").setPort(0)).requestHandler(handler)
                .listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
