package dev.pushclock.transport;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Zones;
import dev.pushclock.ops.BadParameterException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.quarkus.websockets.next.HandshakeRequest;
import io.vertx.core.http.HttpServerRequest;

/**
 * The parameter rules, for every transport: a parameter of the clock given twice or empty is
 * ambiguous, one the transport does not take is a mistake worth saying, and each value is checked
 * strictly (a bad one is a 400 naming it, never a guess, and never Quarkus's 404 for a failed
 * conversion). Unknown parameters, such as cache-busters, are ignored.
 */
@ApplicationScoped
public class Parameters {

    /** The event stream's cursor, as {@code EventSource} sends it when it reconnects; it wins over the query. */
    public static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    /** As many digits as {@link Long#MAX_VALUE} has. */
    private static final int MAX_DIGITS = 19;

    private final ClockFeed feed;
    private final long defaultTimeoutSeconds;
    private final long maxTimeoutSeconds;

    Parameters(ClockFeed feed, TransportConfig config) {
        this.feed = feed;
        this.defaultTimeoutSeconds = config.longPoll().defaultTimeout().toSeconds();
        this.maxTimeoutSeconds = config.longPoll().maxTimeout().toSeconds();
    }

    /** The checked parameters of a request for this transport; throws a {@link BadParameterException} naming the first bad one. */
    public ClockRequest check(Transport transport, HttpServerRequest request) {
        return check(transport, Query.of(request.query()), request::getHeader);
    }

    /** The same for a socket, from the request that asked for its upgrade. */
    ClockRequest check(Transport transport, HandshakeRequest handshake) {
        return check(transport, Query.of(handshake.query()), handshake::header);
    }

    private ClockRequest check(Transport transport, Query query, UnaryOperator<String> headers) {
        for (Parameter parameter : Parameter.values()) {
            List<String> values = query.all(parameter.queryName());
            if (values.isEmpty()) {
                continue;
            }
            if (values.size() > 1) {
                throw new BadParameterException(parameter.queryName(), "must be given once, not " + values.size() + " times");
            }
            if (values.get(0).isEmpty()) {
                throw new BadParameterException(parameter.queryName(), "must not be empty");
            }
            if (!transport.parameters().contains(parameter)) {
                throw new BadParameterException(parameter.queryName(), "is not a parameter of " + transport.path());
            }
        }
        return new ClockRequest(zone(query.get(Parameter.ZONE.queryName())), cursor(transport, headers, query),
                timeout(query.get(Parameter.TIMEOUT.queryName())));
    }

    private ZoneId zone(String raw) {
        if (raw == null) {
            return feed.defaultZone();
        }
        return Zones.parse(raw).orElseThrow(() -> new BadParameterException(Parameter.ZONE.queryName(),
                "must be an IANA time-zone id such as Europe/Paris, or UTC (case-sensitive)"));
    }

    /** {@code after}, or for the event stream its last event id (the header wins over {@code lastEventId}). */
    private OptionalLong cursor(Transport transport, UnaryOperator<String> headers, Query query) {
        String header = transport.parameters().contains(Parameter.LAST_EVENT_ID) ? headers.apply(LAST_EVENT_ID_HEADER) : null;
        String name = header != null ? LAST_EVENT_ID_HEADER
                : transport.parameters().contains(Parameter.LAST_EVENT_ID) ? Parameter.LAST_EVENT_ID.queryName()
                : Parameter.AFTER.queryName();
        String raw = header != null ? header : query.get(name);
        if (raw == null) {
            return OptionalLong.empty();
        }
        long seq = number(raw).orElseThrow(() -> new BadParameterException(name,
                "must be a tick's seq: a non-negative integer no larger than " + Long.MAX_VALUE));
        long newest = feed.current().seq();
        // one tick ahead is a replica whose clock is a hair behind the one the client came from: it waits for that tick
        if (seq > newest + 1) {
            throw new BadParameterException(name, "must not be ahead of this server's clock (its newest tick is " + newest + ")");
        }
        return OptionalLong.of(seq);
    }

    private long timeout(String raw) {
        if (raw == null) {
            return defaultTimeoutSeconds;
        }
        OptionalLong seconds = number(raw);
        if (seconds.isEmpty() || seconds.getAsLong() < 1 || seconds.getAsLong() > maxTimeoutSeconds) {
            throw new BadParameterException(Parameter.TIMEOUT.queryName(), "must be an integer from 1 to " + maxTimeoutSeconds);
        }
        return seconds.getAsLong();
    }

    /**
     * Plain decimal digits only, at most 19: no sign, no spaces, no exponent; empty when not such a
     * number. A loop, not a regular expression: every long-poll's cursor comes through here.
     */
    private static OptionalLong number(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(raw));
        } catch (NumberFormatException beyondLong) {
            return OptionalLong.empty();
        }
    }

    /**
     * A query decoded as Vert.x decodes one for {@code params()}: percent-decoded as UTF-8, at
     * most 1,024 parameters, names compared ignoring the case of A to Z. Unlike {@code params()}
     * it is not kept on the request: a held long-poll would carry the decoded map until its
     * answer, and the collector would copy it (bench/TUNING.md).
     */
    private record Query(Map<String, List<String>> decoded) {

        /** Decodes a raw query, what follows the {@code ?}; null is no query. */
        static Query of(String raw) {
            if (raw == null) {
                return new Query(Map.of());
            }
            try {
                return new Query(new QueryStringDecoder(raw, StandardCharsets.UTF_8, false).parameters());
            } catch (IllegalArgumentException malformed) {
                throw new BadParameterException("query", "must be a well-formed, percent-encoded query string");
            }
        }

        /** Every value given under the name, in any case, in the order given. */
        List<String> all(String name) {
            List<String> values = List.of();
            for (Map.Entry<String, List<String>> parameter : decoded.entrySet()) {
                // A to Z only, as Vert.x's header maps compare: equalsIgnoreCase would take "tımeout" for "timeout"
                if (AsciiString.contentEqualsIgnoreCase(parameter.getKey(), name)) {
                    values = values.isEmpty() ? parameter.getValue() : concat(values, parameter.getValue());
                }
            }
            return values;
        }

        /** The first value given under the name, or null. */
        String get(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        private static List<String> concat(List<String> first, List<String> then) {
            List<String> both = new ArrayList<>(first);
            both.addAll(then);
            return both;
        }
    }
}
