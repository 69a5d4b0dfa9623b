package dev.pushclock.transport;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
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
    /** The clock's parameters, once: {@code values()} copies its array at every call. */
    private static final Parameter[] PARAMETERS = Parameter.values();
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
        for (Parameter parameter : PARAMETERS) {
            int times = query.times(parameter);
            if (times == 0) {
                continue;
            }
            if (times > 1) {
                throw new BadParameterException(parameter.queryName(), "must be given once, not " + times + " times");
            }
            if (query.value(parameter).isEmpty()) {
                throw new BadParameterException(parameter.queryName(), "must not be empty");
            }
            if (!transport.parameters().contains(parameter)) {
                throw new BadParameterException(parameter.queryName(), "is not a parameter of " + transport.path());
            }
        }
        return new ClockRequest(zone(query.value(Parameter.ZONE)), cursor(transport, headers, query),
                timeout(query.value(Parameter.TIMEOUT)));
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
        Parameter parameter = transport.parameters().contains(Parameter.LAST_EVENT_ID) ? Parameter.LAST_EVENT_ID : Parameter.AFTER;
        String name = header != null ? LAST_EVENT_ID_HEADER : parameter.queryName();
        String raw = header != null ? header : query.value(parameter);
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
     * What a query gives each parameter of the clock: how many times it is named and its first
     * value. The query is read as Vert.x decodes one for {@code params()} (Netty's
     * {@link QueryStringDecoder}: split at {@code &} and {@code ;}, up to a {@code #}, at most 1,024
     * parameters, each part percent-decoded as UTF-8 with {@code +} as a space), names compared
     * ignoring the case of A to Z, as Vert.x's header maps compare them. One walk and no map: a
     * name is compared in place unless it has an escape, and only the clock's values are decoded.
     * A held long-poll would carry a decoded map until its answer, and the decoder's maps, lists
     * and strings were about 300 of the 4,350 bytes each long-poll allocated (bench/TUNING.md). A
     * malformed escape is refused wherever the decoder would have met it: in any of the first
     * 1,024 parameters, before a {@code #}. {@code QueryTest} holds it to the decoder.
     */
    static final class Query {

        private static final int MAX_PARAMETERS = 1024;
        /** No query: nothing given, shared by every request without one (it is never written to). */
        private static final Query NONE = new Query("");

        private final String raw;
        private final int[] times = new int[PARAMETERS.length];
        private final String[] values = new String[PARAMETERS.length];

        private Query(String raw) {
            this.raw = raw;
        }

        /** Reads a raw query, what follows the {@code ?}; null is no query. */
        static Query of(String raw) {
            if (raw == null || raw.isEmpty()) {
                return NONE;
            }
            Query query = new Query(raw);
            query.read();
            return query;
        }

        /** How many times the parameter is named. */
        int times(Parameter parameter) {
            return times[parameter.ordinal()];
        }

        /** The value the parameter is first given, or null. */
        String value(Parameter parameter) {
            return values[parameter.ordinal()];
        }

        /** Walks the parameters as {@code QueryStringDecoder.decodeParams} finds them. */
        private void read() {
            int length = raw.length();
            int from = raw.charAt(0) == '?' ? 1 : 0;
            int nameStart = from;
            int valueStart = -1;
            int parameters = 0;
            int i = from;
            for (; i < length && raw.charAt(i) != '#'; i++) {
                char c = raw.charAt(i);
                if (c == '=') {
                    // an '=' that starts a name is dropped, as the decoder drops it
                    if (nameStart == i) {
                        nameStart = i + 1;
                    } else if (valueStart < nameStart) {
                        valueStart = i + 1;
                    }
                } else if (c == '&' || c == ';') {
                    if (nameStart < i && ++parameters > MAX_PARAMETERS) {
                        return;
                    }
                    part(nameStart, valueStart, i);
                    nameStart = i + 1;
                }
            }
            if (parameters < MAX_PARAMETERS) {
                part(nameStart, valueStart, i);
            }
        }

        /** One parameter: all of it the name when it has no {@code =}; nothing when it is empty. */
        private void part(int nameStart, int valueStart, int end) {
            if (nameStart >= end) {
                return;
            }
            int nameEnd = valueStart <= nameStart ? end : valueStart - 1;
            int valueFrom = valueStart <= nameStart ? end : valueStart;
            String escapedName = escaped(nameStart, nameEnd) ? decoded(nameStart, nameEnd) : null;
            Parameter named = null;
            for (Parameter parameter : PARAMETERS) {
                if (escapedName != null ? AsciiString.contentEqualsIgnoreCase(escapedName, parameter.queryName())
                        : isName(nameStart, nameEnd, parameter.queryName())) {
                    named = parameter;
                    break;
                }
            }
            if (named != null && times[named.ordinal()]++ == 0) {
                values[named.ordinal()] = decoded(valueFrom, end);
            } else {
                // not kept, but checked all the same, as the decoder checks it
                checkEscapes(valueFrom, end);
            }
        }

        /** Whether the raw range is the name, comparing A to Z only without case. */
        private boolean isName(int from, int to, String name) {
            if (to - from != name.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (AsciiString.toLowerCase(raw.charAt(from + i)) != AsciiString.toLowerCase(name.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Refuses what the decoder would: a {@code %} not followed by two hex digits. (What the
         * escapes decode to is never refused: bytes that are not UTF-8 become U+FFFD.)
         */
        private void checkEscapes(int from, int to) {
            for (int i = from; i < to; i++) {
                if (raw.charAt(i) == '%') {
                    if (i + 2 >= to || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
                        throw malformed();
                    }
                    i += 2;
                }
            }
        }

        /** ASCII hex digits only, as Netty's; {@code Character.digit} would take other scripts' digits. */
        private static boolean isHex(char c) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }

        private static BadParameterException malformed() {
            return new BadParameterException("query", "must be a well-formed, percent-encoded query string");
        }

        private String decoded(int from, int to) {
            String component = raw.substring(from, to);
            if (!escaped(from, to)) {
                return component;
            }
            try {
                return QueryStringDecoder.decodeComponent(component, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException refused) {
                throw malformed();
            }
        }

        private boolean escaped(int from, int to) {
            for (int i = from; i < to; i++) {
                if (raw.charAt(i) == '%' || raw.charAt(i) == '+') {
                    return true;
                }
            }
            return false;
        }
    }
}
