package dev.pushclock.transport;

import java.time.ZoneId;

import dev.pushclock.clock.Tick;

/**
 * Entity tags for the polled clock: a tick is a pure function of its seq and zone, so the tag names
 * the tick, the zone and the representation, and any replica gives the same tick the same tag.
 */
final class EntityTags {

    private EntityTags() {
    }

    static String of(Tick tick, ZoneId zone, String representation) {
        return "\"" + tick.seq() + ';' + zone.getId() + ';' + representation + "\"";
    }

    /** Whether an {@code If-None-Match} header names this tag (weak comparison, as RFC 9110 asks). */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || opaque(trimmed).equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
