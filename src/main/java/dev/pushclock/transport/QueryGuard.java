package dev.pushclock.transport;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.ops.BadParameterException;
import dev.pushclock.ops.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks requests before any transport sees them: a parameter of ours given twice or empty is
 * ambiguous; the WebSocket upgrade's {@code zone} is refused with the same 400 problem document as
 * on every other transport, not a bare status from the upgrade machinery; and an upgrade from a
 * page of another site is refused (403) unless {@code pushclock.allowed-origins} names it, since
 * browsers send a site's cookies along with a WebSocket upgrade from anywhere.
 */
@ApplicationScoped
public class QueryGuard {

    private static final Set<String> OURS = Set.of("after", "timeout", "zone", "lastEventId");
    /** Which of our parameters each transport takes: any other of ours there is a mistake worth saying. */
    private static final Map<String, Set<String>> TAKEN_BY_PATH = Map.of(
            "/api/clock", Set.of("zone"),
            "/api/clock/next", Set.of("after", "timeout", "zone"),
            "/iframe/clock", Set.of("zone"),
            "/api/clock/events", Set.of("zone", "lastEventId"),
            "/api/clock/stream", Set.of("zone"),
            ClockSocket.PATH, Set.of("zone"));

    private final ClockFeed feed;
    private final List<String> allowedOrigins;

    QueryGuard(ClockFeed feed, ClockConfig config) {
        this.feed = feed;
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
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
                    Set<String> taken = TAKEN_BY_PATH.get(context.normalizedPath());
                    if (!values.isEmpty() && taken != null && !taken.contains(name)) {
                        throw new BadParameterException(name, "is not a parameter of " + context.normalizedPath());
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
        if (ClockSocket.PATH.equals(context.normalizedPath()) && !originAllowed(context)) {
            new Problem("about:blank", "Forbidden", 403,
                    "pages of this origin may not open the clock's WebSocket (see pushclock.allowed-origins)", null)
                    .send(context.response());
            return;
        }
        context.next();
    }

    /** No Origin (not a browser), the service's own, or one the configuration names. */
    private boolean originAllowed(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        String host = context.request().getHeader(HttpHeaders.HOST);
        int authority = origin.indexOf("://");
        return host != null && authority > 0 && origin.substring(authority + 3).equalsIgnoreCase(host);
    }

    private static MultiMap queryOf(RoutingContext context) {
        try {
            return context.queryParams();
        } catch (IllegalArgumentException malformed) {
            throw new BadParameterException("query", "must be a well-formed, percent-encoded query string");
        }
    }
}
