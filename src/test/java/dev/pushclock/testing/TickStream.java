package dev.pushclock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * One client of a streaming transport, read piece by piece whatever the transport's form: an SSE
 * event, an NDJSON line, a forever-frame script, a WebSocket frame. A test that is about what every
 * stream does (stream, resume, heartbeat, gap) is written once against this.
 */
public final class TickStream implements AutoCloseable {

    /** What a piece is, in any transport's form. */
    public enum Kind {
        TICK, GAP, HEARTBEAT, OTHER
    }

    /** One piece: its kind, its JSON (the tick, or the gap notice), its raw text and when it came. */
    public record Piece(Kind kind, JsonObject json, String text, long receivedMillis) {

        public long seq() {
            assertEquals(Kind.TICK, kind, "not a tick: " + text);
            return json.getLong("seq");
        }
    }

    /** The streaming transports, by id, with their paths. */
    public static final List<String> IDS = List.of("sse", "ndjson", "iframe", "websocket");

    private static final Pattern SCRIPT = Pattern.compile("<script>parent\\.(iframeTick|iframeGap|iframeEnd)\\((.*)\\)</script>");

    private interface Source extends AutoCloseable {
        /** The next piece if one arrives within {@code atMost}, else null. */
        Piece poll(Duration atMost) throws Exception;

        @Override
        void close();
    }

    private final String transport;
    private final Source source;

    private TickStream(String transport, Source source) {
        this.transport = transport;
        this.source = source;
    }

    /** Opens a client of a streaming transport ({@link #IDS}) with a query such as {@code after=5&zone=UTC} (or ""). */
    public static TickStream open(String transport, Vertx vertx, URI root, String query, String... headerPairs) throws Exception {
        String suffix = query.isEmpty() ? "" : "?" + query;
        return switch (transport) {
            case "sse" -> new TickStream(transport, sse(LineTap.open(vertx, root.resolve("/api/clock/events" + suffix), headerPairs)));
            case "ndjson" -> new TickStream(transport, lines(LineTap.open(vertx, root.resolve("/api/clock/stream" + suffix), headerPairs),
                    TickStream::ndjson));
            case "iframe" -> new TickStream(transport, lines(LineTap.open(vertx, root.resolve("/iframe/clock" + suffix), headerPairs),
                    TickStream::script));
            case "websocket" -> new TickStream(transport, socket(SocketTap.open(vertx, root, "/ws/clock" + suffix)));
            default -> throw new IllegalArgumentException("not a streaming transport: " + transport);
        };
    }

    public String transport() {
        return transport;
    }

    /** The next piece of any kind, within {@code atMost}. */
    public Piece next(Duration atMost) throws Exception {
        Piece piece = source.poll(atMost);
        if (piece == null) {
            throw new AssertionError(transport + ": nothing within " + atMost);
        }
        return piece;
    }

    /** The next piece of this kind, skipping others, within {@code atMost} overall. */
    public Piece next(Kind kind, Duration atMost) throws Exception {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        List<String> skipped = new ArrayList<>();
        for (;;) {
            Piece piece = source.poll(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            if (piece == null) {
                throw new AssertionError(transport + ": no " + kind + " within " + atMost + "; skipped " + skipped);
            }
            if (piece.kind() == kind) {
                return piece;
            }
            skipped.add(piece.text());
        }
    }

    /** The next tick, skipping heartbeats and preambles; a gap notice on the way is a failure. */
    public Piece nextTick(Duration atMost) throws Exception {
        Piece piece = next(atMost);
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        while (piece.kind() != Kind.TICK) {
            assertTrue(piece.kind() != Kind.GAP, transport + ": an unexpected gap notice " + piece.text());
            piece = next(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
        }
        return piece;
    }

    /** What arrives before the stream falls quiet for {@code quiet}: a transport's preamble, say. */
    public List<Piece> drain(Duration quiet) throws Exception {
        List<Piece> drained = new ArrayList<>();
        for (Piece piece = source.poll(quiet); piece != null && drained.size() < 10_000; piece = source.poll(quiet)) {
            drained.add(piece);
        }
        return drained;
    }

    /** Whether nothing at all comes within {@code within}: a bounded look for a piece that must not come. */
    public boolean quietFor(Duration within) throws Exception {
        return source.poll(within) == null;
    }

    /**
     * Proves the stream streams: after its first tick, each of the next ticks arrives on its own as
     * the clock reaches it (and, where the test drives the clock, not before), in order, none skipped.
     */
    public void assertStreams(Clockwork clock, int ticks) throws Exception {
        long first = nextTick(Duration.ofSeconds(5)).seq();
        long previousArrival = -1;
        for (int k = 1; k <= ticks; k++) {
            if (clock.manual()) {
                assertTrue(drain(Duration.ofMillis(200)).stream().noneMatch(piece -> piece.kind() == Kind.TICK),
                        transport + " sent a tick before the clock reached it");
            }
            clock.tick();
            Piece tick = nextTick(Duration.ofMillis(1500));
            assertEquals(first + k, tick.seq(), transport + ": ticks in order, none skipped");
            if (!clock.manual() && previousArrival >= 0) {
                long gap = tick.receivedMillis() - previousArrival;
                assertTrue(gap >= 500, transport + ": two ticks arrived " + gap + " ms apart: buffered, not streamed");
            }
            previousArrival = tick.receivedMillis();
        }
    }

    @Override
    public void close() {
        source.close();
    }

    private static Piece ndjson(LineTap.Line line) {
        JsonObject json = new JsonObject(line.text());
        Kind kind = json.containsKey("seq") ? Kind.TICK
                : "gap".equals(json.getString("type")) ? Kind.GAP
                : "heartbeat".equals(json.getString("type")) ? Kind.HEARTBEAT : Kind.OTHER;
        return new Piece(kind, json, line.text(), line.receivedMillis());
    }

    private static Piece script(LineTap.Line line) {
        Matcher script = SCRIPT.matcher(line.text());
        if (script.matches()) {
            Kind kind = switch (script.group(1)) {
                case "iframeTick" -> Kind.TICK;
                case "iframeGap" -> Kind.GAP;
                default -> Kind.OTHER;
            };
            JsonObject json = kind == Kind.OTHER ? new JsonObject() : new JsonObject(script.group(2));
            return new Piece(kind, json, line.text(), line.receivedMillis());
        }
        Kind kind = "<!-- heartbeat -->".equals(line.text()) ? Kind.HEARTBEAT : Kind.OTHER;
        return new Piece(kind, null, line.text(), line.receivedMillis());
    }

    private static Source lines(LineTap tap, java.util.function.Function<LineTap.Line, Piece> parse) {
        return new Source() {
            @Override
            public Piece poll(Duration atMost) throws Exception {
                LineTap.Line line = tap.poll(atMost);
                return line == null ? null : parse.apply(line);
            }

            @Override
            public void close() {
                tap.close();
            }
        };
    }

    private static Source sse(LineTap tap) {
        SseReader reader = new SseReader(tap);
        return new Source() {
            @Override
            public Piece poll(Duration atMost) throws Exception {
                SseReader.Event event = reader.poll(atMost);
                if (event == null) {
                    return null;
                }
                Kind kind = "tick".equals(event.event()) ? Kind.TICK
                        : "gap".equals(event.event()) ? Kind.GAP
                        : event.comments().contains("heartbeat") ? Kind.HEARTBEAT : Kind.OTHER;
                JsonObject json = event.data() == null ? null : new JsonObject(event.data());
                return new Piece(kind, json, event.toString(), event.receivedMillis());
            }

            @Override
            public void close() {
                tap.close();
            }
        };
    }

    private static Source socket(SocketTap socket) {
        return new Source() {
            @Override
            public Piece poll(Duration atMost) throws Exception {
                SocketTap.Frame frame = socket.poll(atMost);
                if (frame == null) {
                    return null;
                }
                String type = frame.json().getString("type");
                Kind kind = "tick".equals(type) ? Kind.TICK
                        : "gap".equals(type) ? Kind.GAP
                        : "heartbeat".equals(type) ? Kind.HEARTBEAT : Kind.OTHER;
                return new Piece(kind, frame.json(), frame.json().encode(), frame.receivedMillis());
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
