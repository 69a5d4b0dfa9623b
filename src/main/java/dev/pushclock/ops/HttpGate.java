package dev.pushclock.ops;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts what every HTTP transport's requests cost: in-flight requests and open streams, and the
 * bytes of every response head. A polled response's body is one message; a stream's messages are
 * counted by the transport as it writes them, since only it knows where one ends.
 */
@ApplicationScoped
public class HttpAccounting {

    private final WireStats stats;

    HttpAccounting(WireStats stats) {
        this.stats = stats;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::account);
    }

    private void account(RoutingContext context) {
        Optional<Transport> found = Transport.atPath(context.normalizedPath());
        if (found.isEmpty() || found.get() == Transport.WEBSOCKET) {
            context.next();
            return;
        }
        Transport transport = found.get();
        HttpServerResponse response = context.response();
        stats.opened(transport);
        context.addHeadersEndHandler(headers -> stats.overhead(transport, Wire.headBytes(response)));
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
