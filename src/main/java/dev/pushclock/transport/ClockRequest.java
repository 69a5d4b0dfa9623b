package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * What a client asked of the clock, checked by {@link Parameters}: the zone to render ticks in,
 * its cursor (the last tick it has, from {@code after} or the event stream's last event id), and
 * how long a long-poll may be held.
 */
public record ClockRequest(ZoneId zone, OptionalLong after, long timeoutSeconds) {

    /** Where an admitted HTTP request's checked parameters wait for the resource that serves it. */
    public static final String KEY = "pushclock.request";
}
