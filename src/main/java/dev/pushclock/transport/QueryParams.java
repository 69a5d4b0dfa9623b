package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import dev.pushclock.clock.Zones;
import dev.pushclock.ops.BadParameterException;

/**
 * Strict parsing of query parameters. Resources take them as strings because Quarkus REST answers
 * a failed conversion with 404; here a bad value becomes a 400 that names the parameter.
 */
final class QueryParams {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private QueryParams() {
    }

    /** A non-negative integer that fits a {@code long}, or empty when the parameter is absent. */
    static OptionalLong nonNegativeLong(String name, String raw) {
        if (raw == null) {
            return OptionalLong.empty();
        }
        OptionalLong value = parse(raw);
        if (value.isEmpty()) {
            throw new BadParameterException(name, "must be a non-negative integer no larger than " + Long.MAX_VALUE);
        }
        return value;
    }

    /** An integer from {@code min} to {@code max}, or {@code fallback} when the parameter is absent. */
    static long inRange(String name, String raw, long min, long max, long fallback) {
        if (raw == null) {
            return fallback;
        }
        OptionalLong value = parse(raw);
        if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
            throw new BadParameterException(name, "must be an integer from " + min + " to " + max);
        }
        return value.getAsLong();
    }

    /** An IANA region id or {@code UTC}, or {@code fallback} when the parameter is absent. */
    static ZoneId zone(String raw, ZoneId fallback) {
        if (raw == null) {
            return fallback;
        }
        return Zones.parse(raw).orElseThrow(() -> new BadParameterException("zone",
                "must be an IANA time-zone id such as Europe/Paris, or UTC (case-sensitive)"));
    }

    /** Plain decimal digits only: no sign, no spaces, no exponent; empty when not such a number. */
    private static OptionalLong parse(String raw) {
        if (!DIGITS.matcher(raw).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(raw));
        } catch (NumberFormatException beyondLong) {
            return OptionalLong.empty();
        }
    }
}
