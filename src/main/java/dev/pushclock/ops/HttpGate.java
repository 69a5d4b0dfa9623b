package dev.pushclock.ops;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockConfig;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of every HTTP transport: refuses a request politely when its transport is at its
 * connection limit (503, a Retry-After spread over a few seconds so refused clients do not return
 * together), and counts what the admitted ones cost — in-flight requests and open streams, and
 * the bytes of every response head. A polled response's body is one message; a stream's messages
 * are counted by the transport as it writes them, since only it knows where one ends.
 */
@ApplicationScoped
public class HttpGate {

    private static final int RETRY_AFTER_MIN_SECONDS = 1;
    private static final int RETRY_AFTER_SPREAD_SECONDS = 5;

    private final WireStats stats;
    private final ClockConfig.MaxConnections limits;

    HttpGate(WireStats stats, ClockConfig config) {
        this.stats = stats;
        this.limits = config.maxConnections();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        Optional<Transport> found = Transport.atPath(context.normalizedPath());
        if (found.isEmpty() || found.get() == Transport.WEBSOCKET) {
            context.next();
            return;
        }
        Transport transport = found.get();
        HttpServerResponse response = context.response();
        context.addHeadersEndHandler(headers -> stats.overhead(transport, Wire.headBytes(response)));
        int limit = limits.of(transport.id());
        if (!stats.tryOpen(transport, limit)) {
            response.putHeader("Retry-After", String.valueOf(
                    RETRY_AFTER_MIN_SECONDS + ThreadLocalRandom.current().nextInt(RETRY_AFTER_SPREAD_SECONDS)));
            context.addBodyEndHandler(body -> stats.overhead(transport, response.bytesWritten()));
            Problem.busy(transport.id(), limit).send(response);
            return;
        }
        context.addBodyEndHandler(body -> {
            if (response.isChunked()) {
                stats.overhead(transport, Wire.LAST_CHUNK_BYTES);
            } else if (response.bytesWritten() > 0) {
                if (response.getStatusCode() == 200) {
                    stats.message(transport, response.bytesWritten());
                } else {
                    stats.overhead(transport, response.bytesWritten());
                }
            }
        });
        context.addEndHandler(ended -> stats.closed(transport));
        context.next();
    }
}
