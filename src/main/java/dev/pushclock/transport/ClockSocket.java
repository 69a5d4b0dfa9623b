package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.QueryStringDecoder;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.clock.Zones;
import dev.pushclock.ops.Transport;
import dev.pushclock.ops.Wire;
import dev.pushclock.ops.WireStats;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;

/**
 * The clock over one full-duplex socket: a frame per tick down, JSON commands up ({@code ping},
 * {@code zone}). A bad command is answered, not punished; only frames the protocol cannot take
 * close the socket.
 */
@WebSocket(path = ClockSocket.PATH)
public class ClockSocket {

    static final String PATH = "/ws/clock";
    static final int MESSAGE_TOO_BIG = 1009;
    static final int UNSUPPORTED_DATA = 1003;

    /** The clock ended because this replica is shutting down: 1001, go elsewhere. */
    private static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");

    private static final TypedKey<Session> SESSION = new TypedKey<>("pushclock.session");
    private static final TextFrame HEARTBEAT = TextFrame.of("{\"type\":\"heartbeat\"}");

    private final ClockFeed feed;
    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final WireStats stats;
    private final FrameCache<TextFrame> ticks = new FrameCache<>((tick, zone) -> TextFrame.of(TickJson.typed("tick", tick, zone)));

    ClockSocket(ClockFeed feed, ObjectMapper json, WireStats stats, ClockConfig config) {
        this.feed = feed;
        this.stats = stats;
        this.json = json;
        this.maxMessageBytes = config.ws().maxMessage();
    }

    /** What one connection needs between frames: the zone it asked for and its tick subscription. */
    private static final class Session {
        volatile ZoneId zone;
        volatile Cancellable ticks;

        Session(ZoneId zone) {
            this.zone = zone;
        }
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        stats.opened(Transport.WEBSOCKET);
        stats.overhead(Transport.WEBSOCKET, Wire.WEBSOCKET_HANDSHAKE_BYTES);
        Session session = new Session(zoneOf(connection));
        connection.userData().put(SESSION, session);
        // One frame in flight per socket: a client that stops reading holds only the newest tick.
        session.ticks = feed.events()
                .map(event -> frame(event, session.zone))
                .onItem().call(frame -> send(connection, frame))
                .subscribe().with(sent -> {
                }, failure -> Log.debugf("Tick stream of WebSocket %s ended: %s", connection.id(), failure),
                        () -> connection.close(GOING_AWAY).subscribe().with(closed -> {
                        }, failure -> Log.debugf("WebSocket %s was already gone: %s", connection.id(), failure)));
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        stats.closed(Transport.WEBSOCKET);
        Session session = connection.userData().get(SESSION);
        if (session != null && session.ticks != null) {
            session.ticks.cancel();
        }
    }

    @OnTextMessage
    public Uni<Void> command(String message, WebSocketConnection connection) {
        if (TextFrame.utf8Length(message) > maxMessageBytes) {
            return connection.close(new CloseReason(MESSAGE_TOO_BIG,
                    "messages are limited to " + maxMessageBytes + " bytes"));
        }
        return send(connection, TextFrame.of(answer(message, connection.userData().get(SESSION))));
    }

    @OnBinaryMessage
    public Uni<Void> binary(Buffer message, WebSocketConnection connection) {
        return connection.close(new CloseReason(UNSUPPORTED_DATA, "only text messages are accepted"));
    }

    private Uni<Void> send(WebSocketConnection connection, TextFrame frame) {
        return connection.sendText(frame.text())
                .invoke(() -> stats.message(Transport.WEBSOCKET, Wire.webSocketFrameBytes(frame.bytes())));
    }

    private TextFrame frame(ClockEvent event, ZoneId zone) {
        return event instanceof Tick tick ? ticks.of(tick, zone) : HEARTBEAT;
    }

    private String answer(String message, Session session) {
        JsonNode command;
        try {
            command = json.readTree(message);
        } catch (JsonProcessingException notJson) {
            return error("a command is a JSON object such as {\"type\":\"ping\"}");
        }
        String type = command == null ? null : command.path("type").textValue();
        if ("ping".equals(type)) {
            return json.createObjectNode().put("type", "pong").put("serverMillis", System.currentTimeMillis()).toString();
        }
        if ("zone".equals(type)) {
            return Zones.parse(command.path("zone").textValue())
                    .map(zone -> {
                        session.zone = zone;
                        return json.createObjectNode().put("type", "zone").put("zone", zone.getId()).toString();
                    })
                    .orElseGet(() -> error("zone must be an IANA time-zone id such as Europe/Paris, or UTC"));
        }
        return error("unknown command: type must be \"ping\" or \"zone\"");
    }

    private String error(String message) {
        return json.createObjectNode().put("type", "error").put("message", message).toString();
    }

    /** The {@code zone} of the upgrade request, which {@link QueryGuard} has already checked. */
    private ZoneId zoneOf(WebSocketConnection connection) {
        String query = connection.handshakeRequest().query();
        List<String> zone = query == null ? null : new QueryStringDecoder(query, false).parameters().get("zone");
        return zone == null ? feed.defaultZone() : Zones.parse(zone.get(0)).orElse(feed.defaultZone());
    }
}
