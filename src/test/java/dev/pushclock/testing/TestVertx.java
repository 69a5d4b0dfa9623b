package dev.pushclock.testing;

import io.vertx.core.Vertx;

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
}
