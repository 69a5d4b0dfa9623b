package dev.pushclock.ops;

import java.util.Arrays;
import java.util.Optional;

/**
 * The push techniques, by the ids that name them everywhere: config keys, {@code /api/stats},
 * metric tags, the demo page.
 */
public enum Transport {
    POLL("poll", "/api/clock"),
    LONG_POLL("long-poll", "/api/clock/next"),
    IFRAME("iframe", "/iframe/clock"),
    WEBSOCKET("websocket", "/ws/clock"),
    SSE("sse", "/api/clock/events"),
    NDJSON("ndjson", "/api/clock/stream");

    private final String id;
    private final String path;

    Transport(String id, String path) {
        this.id = id;
        this.path = path;
    }

    public String id() {
        return id;
    }

    public String path() {
        return path;
    }

    public static Optional<Transport> atPath(String path) {
        return Arrays.stream(values()).filter(transport -> transport.path.equals(path)).findFirst();
    }
}
