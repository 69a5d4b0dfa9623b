package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockFeed;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * How a replica leaves: as shutdown begins, readiness goes DOWN and the clock ends every stream
 * (event streams and NDJSON finish their chunked bodies, forever frames say they end for a
 * shutdown, held long-polls get 204 with {@code Connection: close}, sockets close with 1001); then
 * the HTTP server keeps serving until the last of those connections is gone, and no longer.
 *
 * <p>This replaces Quarkus's graceful shutdown ({@code quarkus.shutdown.timeout}, left unset), whose
 * request counting never counts a WebSocket upgrade as done, so any replica that ever held a socket
 * would wait out the whole timeout and log an error (see the README's notes). The connections that
 * matter here are the ones the service counts itself.
 */
@ApplicationScoped
public class Drain {

    /** Long enough for a close handshake and the last chunk to reach a client that still reads. */
    static final long DRAIN_MILLIS = 3_000;

    private final ClockFeed feed;
    private final WireStats stats;

    Drain(ClockFeed feed, WireStats stats) {
        this.feed = feed;
        this.stats = stats;
    }

    void drain(@Observes ShutdownDelayInitiatedEvent shutdown) throws InterruptedException {
        long started = System.currentTimeMillis();
        feed.close();
        if (stats.awaitNoneOpen(DRAIN_MILLIS)) {
            Log.infof("Every connection closed in %d ms", System.currentTimeMillis() - started);
        } else {
            Log.warnf("%d connections still open after %d ms; closing them with the server", stats.openConnections(), DRAIN_MILLIS);
        }
    }
}
