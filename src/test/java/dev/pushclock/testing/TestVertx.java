package dev.pushclock.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;

/** One Vert.x for every test's plain clients: started on first use, closed when the test JVM ends. */
public final class TestVertx {

    private static Vertx vertx;

    private TestVertx() {
    }

    public static synchronized Vertx get() {
        if (vertx == null) {
            Vertx started = Vertx.vertx();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            vertx = started;
        }
        return vertx;
    }

    /**
     * An HTTP client whose connections a replica or proxy going away may reset: each request and
     * response still hears of it through its own handlers, so a reset is no failure of the
     * connection. Without a handler on the connection Vert.x logs it at ERROR in the test's output.
     * At most {@code connections} at once to a server (the builder takes the pool's size from its
     * {@link PoolOptions} alone, not from {@code HttpClientOptions.setMaxPoolSize}).
     */
    public static HttpClient httpClient(Vertx vertx, int connections) {
        return vertx.httpClientBuilder().with(new PoolOptions().setHttp1MaxSize(connections))
                .withConnectHandler(connection -> connection.exceptionHandler(reset -> { }))
                .build();
    }
}
