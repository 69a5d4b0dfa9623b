package dev.pushclock.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;

/** Reads Server-Sent Events off a {@link LineTap}: lines up to a blank one make an event. */
public final class SseReader {

    /** One event's fields, as the SSE parsing rules read them, and when its last line came. */
    public record Event(long receivedMillis, String id, String event, String data, String retry, List<String> comments) {

        public JsonObject json() {
            return new JsonObject(data);
        }

        public long seq() {
            return json().getLong("seq");
        }
    }

    private final LineTap tap;

    public SseReader(LineTap tap) {
        this.tap = tap;
    }

    public Event next(Duration atMost) throws InterruptedException {
        Event event = poll(atMost);
        if (event == null) {
            throw new AssertionError("no event within " + atMost);
        }
        return event;
    }

    /** The next event if its first line arrives within {@code atMost} (the rest within as long again), else null. */
    public Event poll(Duration atMost) throws InterruptedException {
        LineTap.Line firstLine = tap.poll(atMost);
        if (firstLine == null) {
            return null;
        }
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        String id = null;
        String event = null;
        String retry = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        for (LineTap.Line line = firstLine;; line = tap.next(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())))) {
            String text = line.text();
            if (text.isEmpty()) {
                return new Event(line.receivedMillis(), id, event, data == null ? null : data.toString(), retry,
                        comments);
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "" -> comments.add(value);
                case "id" -> id = value;
                case "event" -> event = value;
                case "retry" -> retry = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> throw new AssertionError("unknown SSE field in: " + text);
            }
        }
    }

    /** The next event named {@code name}, skipping others (heartbeats, retry), within {@code atMost}. */
    public Event next(String name, Duration atMost) throws InterruptedException {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        for (;;) {
            Event event = next(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            if (name.equals(event.event())) {
                return event;
            }
        }
    }
}
