package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

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
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
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
    static final int POLICY_VIOLATION = 1008;
    static final int TRY_AGAIN_LATER = 1013;

    /** The clock ended because this replica is shutting down: 1001, go elsewhere. */
    private static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");

    private static final TypedKey<Session> SESSION = new TypedKey<>("pushclock.session");
    private static final TextFrame HEARTBEAT = TextFrame.of("{\"type\":\"heartbeat\"}");

    private final ClockFeed feed;
    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final int maxConnections;
    private final long maxLagMillis;
    private final WireStats stats;
    private final Fanout<Session> fanout;
    private final FrameCache<TextFrame> ticks = new FrameCache<>((tick, zone) -> TextFrame.of(TickJson.typed("tick", tick, zone)));

    ClockSocket(ClockFeed feed, ObjectMapper json, WireStats stats, ClockConfig config, Vertx vertx) {
        this.feed = feed;
        this.stats = stats;
        this.json = json;
        this.maxMessageBytes = config.ws().maxMessage();
        this.maxConnections = config.maxConnections().websocket();
        this.maxLagMillis = config.slowConsumer().maxLag().toMillis();
        this.fanout = new Fanout<>(Transport.WEBSOCKET.id(), feed, vertx);
    }

    /**
     * One socket as the fan-out sees it: the zone it asked for, and its frames paced by a
     * {@link Pacer}. A client that stops reading holds only the newest tick; once a frame has
     * waited longer than {@code pushclock.slow-consumer.max-lag}, the socket is closed with 1008.
     */
    private final class Session implements Fanout.Member {
        private final WebSocketConnection connection;
        private final Pacer<TextFrame> pacer;
        private volatile ZoneId zone;
        private long lastSent = Long.MIN_VALUE;
        private volatile Fanout.Membership membership;

        Session(WebSocketConnection connection, ZoneId zone) {
            this.connection = connection;
            this.zone = zone;
            this.pacer = new Pacer<>(this::toSocket, maxLagMillis, this::stalled, System::currentTimeMillis);
        }

        @Override
        public void deliver(ClockEvent event) {
            if (event instanceof Tick tick) {
                if (tick.seq() > lastSent) {
                    lastSent = tick.seq();
                    pacer.offer(ticks.of(tick, zone), false);
                }
            } else {
                pacer.offer(HEARTBEAT, true);
            }
        }

        private void toSocket(TextFrame frame, Pacer.Written done) {
            send(connection, frame).subscribe().with(sent -> done.written(true), failure -> {
                Log.debugf("WebSocket %s is gone: %s", connection.id(), failure);
                done.written(false);
            });
        }

        private void stalled() {
            stats.droppedSlow(Transport.WEBSOCKET);
            close(connection, new CloseReason(POLICY_VIOLATION, "not reading: " + pacer.behindMillis() / 1000 + " s behind"));
        }

        @Override
        public void end() {
            close(connection, GOING_AWAY);
        }
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        stats.overhead(Transport.WEBSOCKET, Wire.WEBSOCKET_HANDSHAKE_BYTES);
        if (!stats.tryOpen(Transport.WEBSOCKET, maxConnections)) {
            close(connection, new CloseReason(TRY_AGAIN_LATER, "at the limit of " + maxConnections + " sockets; try again later"));
            return;
        }
        Session session = new Session(connection, zoneOf(connection));
        connection.userData().put(SESSION, session);
        session.deliver(feed.current());
        session.membership = fanout.add(session);
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            stats.closed(Transport.WEBSOCKET);
            if (session.membership != null) {
                session.membership.leave();
            }
        }
    }

    @OnTextMessage
    public Uni<Void> command(String message, WebSocketConnection connection) {
        if (TextFrame.utf8Length(message) > maxMessageBytes) {
            return tooBig(connection);
        }
        Session session = connection.userData().get(SESSION);
        if (session == null) {
            return Uni.createFrom().voidItem();   // refused at the limit, and closing
        }
        return send(connection, TextFrame.of(answer(message, session)));
    }

    /**
     * Vert.x refuses a message that grows past {@code max-message-size} (application.properties)
     * while its frames are still arriving, and reports it here; left alone, it would close 1011.
     */
    @OnError
    public Uni<Void> failed(IllegalStateException error, WebSocketConnection connection) {
        if (error.getMessage() != null && error.getMessage().contains("overflow max message size")) {
            return tooBig(connection);
        }
        Log.warnf(error, "WebSocket %s failed", connection.id());
        return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
    }

    /** A frame over Vert.x's frame limit, or not a frame at all: Netty has dropped the socket already. */
    @OnError
    public void corrupt(CorruptedWebSocketFrameException error, WebSocketConnection connection) {
        Log.debugf("WebSocket %s sent a bad frame: %s", connection.id(), error.getMessage());
    }

    private Uni<Void> tooBig(WebSocketConnection connection) {
        return connection.close(new CloseReason(MESSAGE_TOO_BIG, "messages are limited to " + maxMessageBytes + " bytes"));
    }

    @OnBinaryMessage
    public Uni<Void> binary(Buffer message, WebSocketConnection connection) {
        return connection.close(new CloseReason(UNSUPPORTED_DATA, "only text messages are accepted"));
    }

    /** Closes a socket on the server's initiative; one that is gone already needs nothing more. */
    private static void close(WebSocketConnection connection, CloseReason reason) {
        connection.close(reason).subscribe().with(closed -> {
        }, failure -> Log.debugf("WebSocket %s was already gone: %s", connection.id(), failure));
    }

    private Uni<Void> send(WebSocketConnection connection, TextFrame frame) {
        return connection.sendText(frame.text())
                .invoke(() -> stats.message(Transport.WEBSOCKET, Wire.webSocketFrameBytes(frame.bytes())));
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
