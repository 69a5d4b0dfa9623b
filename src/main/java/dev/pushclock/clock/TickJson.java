package dev.pushclock.clock;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The JSON of a tick in a zone, written by hand: its field order is part of the contract, and it is
 * rendered once per tick and zone, then shared by every client in that zone.
 */
public final class TickJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private TickJson() {
    }

    /** {@code {"seq":…,"epochMillis":…,"iso":…,"time":…,"zone":…}} */
    public static String of(Tick tick, ZoneId zone) {
        return render(new StringBuilder(128).append('{'), tick, zone).append('}').toString();
    }

    /** The same fields after a leading {@code "type"}, for the WebSocket protocol. */
    public static String typed(String type, Tick tick, ZoneId zone) {
        StringBuilder json = new StringBuilder(144).append("{\"type\":");
        quote(json, type).append(',');
        return render(json, tick, zone).append('}').toString();
    }

    /** The wall-clock time of day of the tick in the zone, {@code HH:mm:ss}. */
    public static String timeOfDay(Tick tick, ZoneId zone) {
        return TIME.format(at(tick, zone));
    }

    private static StringBuilder render(StringBuilder json, Tick tick, ZoneId zone) {
        ZonedDateTime at = at(tick, zone);
        json.append("\"seq\":").append(tick.seq())
                .append(",\"epochMillis\":").append(tick.epochMillis())
                .append(",\"iso\":\"").append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.toOffsetDateTime()))
                .append("\",\"time\":\"").append(TIME.format(at))
                .append("\",\"zone\":");
        return quote(json, zone.getId());
    }

    private static ZonedDateTime at(Tick tick, ZoneId zone) {
        return Instant.ofEpochMilli(tick.epochMillis()).truncatedTo(ChronoUnit.SECONDS).atZone(zone);
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        return json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
    }
}
