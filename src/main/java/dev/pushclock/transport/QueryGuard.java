package dev.pushclock.transport;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.ops.BadParameterException;
import dev.pushclock.ops.Problem;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks query strings before any transport sees them: a parameter of ours given twice or empty is
 * ambiguous, and the WebSocket upgrade's {@code zone} must be refused with the same 400 problem
 * document as on every other transport, not a bare status from the upgrade machinery.
 */
@ApplicationScoped
public class QueryGuard {

    private static final Set<String> OURS = Set.of("after", "timeout", "zone", "lastEventId");

    private final ClockFeed feed;

    QueryGuard(ClockFeed feed) {
        this.feed = feed;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        try {
            if (context.request().query() != null) {
                MultiMap query = queryOf(context);
                for (String name : OURS) {
                    List<String> values = query.getAll(name);
                    if (values.size() > 1) {
                        throw new BadParameterException(name, "must be given once, not " + values.size() + " times");
                    }
                    if (values.size() == 1 && values.get(0).isEmpty()) {
                        throw new BadParameterException(name, "must not be empty");
                    }
                }
                if (ClockSocket.PATH.equals(context.normalizedPath())) {
                    QueryParams.zone(query.get("zone"), feed.defaultZone());
                }
            }
        } catch (BadParameterException e) {
            Problem.badParameter(e).send(context.response());
            return;
        }
        context.next();
    }

    private static MultiMap queryOf(RoutingContext context) {
        try {
            return context.queryParams();
        } catch (IllegalArgumentException malformed) {
            throw new BadParameterException("query", "must be a well-formed, percent-encoded query string");
        }
    }
}
