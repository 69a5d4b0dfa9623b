package dev.pushclock.transport;

import static dev.pushclock.transport.Parameter.AFTER;
import static dev.pushclock.transport.Parameter.LAST_EVENT_ID;
import static dev.pushclock.transport.Parameter.TIMEOUT;
import static dev.pushclock.transport.Parameter.ZONE;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of push techniques. Each entry says everything the rest of the service needs to
 * know about one: the id that names it everywhere (config keys, {@code /api/stats}, metric tags,
 * the page), where it is served, which of the clock's parameters it takes, what it sends, how it
 * keeps a quiet stream alive, whether a page of another site may open it, and how many connections
 * it holds by default. Admission, parameter checks, stats, configuration and the tests read it; a
 * new transport starts with a line here and one class that serves it.
 */
public enum Transport {
    POLL("poll", Paths.POLL, "application/json", null, false, 1000, ZONE),
    LONG_POLL("long-poll", Paths.LONG_POLL, "application/json", null, false, 10_000, AFTER, TIMEOUT, ZONE),
    IFRAME("iframe", Paths.IFRAME, MediaTypes.IFRAME, "<!-- heartbeat -->\n", false, 2000, AFTER, ZONE),
    WEBSOCKET("websocket", Paths.WEBSOCKET, "text frames", "{\"type\":\"heartbeat\"}", true, 10_000, AFTER, ZONE),
    SSE("sse", Paths.SSE, "text/event-stream;charset=utf-8", ": heartbeat\n\n", false, 10_000, LAST_EVENT_ID, ZONE),
    NDJSON("ndjson", Paths.NDJSON, "application/x-ndjson", "{\"type\":\"heartbeat\"}\n", false, 2000, AFTER, ZONE);

    /** The paths, as constants for the annotations of the classes that serve them. */
    public interface Paths {
        String POLL = "/api/clock";
        String LONG_POLL = "/api/clock/next";
        String IFRAME = "/iframe/clock";
        String WEBSOCKET = "/ws/clock";
        String SSE = "/api/clock/events";
        String NDJSON = "/api/clock/stream";
    }

    /** Media types an annotation needs as a constant. */
    public interface MediaTypes {
        String IFRAME = "text/html;charset=utf-8";
    }

    private final String id;
    private final String path;
    private final String contentType;
    private final String heartbeat;
    private final boolean originChecked;
    private final int defaultLimit;
    private final Set<Parameter> parameters;

    Transport(String id, String path, String contentType, String heartbeat, boolean originChecked, int defaultLimit,
            Parameter... parameters) {
        this.id = id;
        this.path = path;
        this.contentType = contentType;
        this.heartbeat = heartbeat;
        this.originChecked = originChecked;
        this.defaultLimit = defaultLimit;
        this.parameters = parameters.length == 0 ? EnumSet.noneOf(Parameter.class) : EnumSet.of(parameters[0], parameters);
    }

    public String id() {
        return id;
    }

    public String path() {
        return path;
    }

    /** The media type of its responses. */
    public String contentType() {
        return contentType;
    }

    /** What it sends when nothing else was sent for {@code pushclock.heartbeat}; empty for request/response techniques. */
    public Optional<String> heartbeat() {
        return Optional.ofNullable(heartbeat);
    }

    /**
     * Whether a page of another site is refused: browsers send a site's cookies with a WebSocket
     * upgrade from anywhere, while CORS already keeps other sites from reading plain responses.
     */
    public boolean originChecked() {
        return originChecked;
    }

    /** Connections it holds at most unless {@code pushclock.max-connections.<id>} says otherwise. */
    public int defaultLimit() {
        return defaultLimit;
    }

    /** The clock's parameters it takes; any other of them is refused. */
    public Set<Parameter> parameters() {
        return parameters;
    }

    /** The transport a Quarkus REST resource class serves ({@link Serves}), or null; looked up once per class. */
    public static Transport servedBy(Class<?> resourceClass) {
        return SERVED_BY.get(resourceClass);
    }

    private static final ClassValue<Transport> SERVED_BY = new ClassValue<>() {
        @Override
        protected Transport computeValue(Class<?> type) {
            Serves serves = type.getAnnotation(Serves.class);
            return serves == null ? null : serves.value();
        }
    };

    public static Optional<Transport> withId(String id) {
        for (Transport transport : values()) {
            if (transport.id.equals(id)) {
                return Optional.of(transport);
            }
        }
        return Optional.empty();
    }
}
