package dev.pushclock.transport;

import java.io.IOException;

import jakarta.enterprise.event.Observes;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

import dev.pushclock.ops.BadParameterException;
import dev.pushclock.ops.HttpAdmission;
import dev.pushclock.ops.Refused;
import dev.pushclock.ops.Admission;
import dev.pushclock.ops.Slot;
import dev.pushclock.ops.SocketHandles;
import dev.pushclock.ops.Sockets;
import dev.pushclock.ops.Wire;
import dev.pushclock.ops.WireStats;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.RouteConstants;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.Router;

/**
 * The clock over one full-duplex socket: a frame per tick down, JSON commands up ({@code ping},
 * {@code zone}). A bad command is answered, not punished; only frames the protocol cannot take
 * close the socket, and a client that asks for replies without reading them is let go.
 */
@WebSocket(path = Transport.Paths.WEBSOCKET)
public class ClockSocket {

    private static final Transport WEBSOCKET = Transport.WEBSOCKET;
    private static final TypedKey<Session> SESSION = new TypedKey<>("pushclock.session");

    /** A socket as the service holds it: its place against the limit and its push. */
    private record Session(Slot slot, Push<TextFrame> push) {

        /** Stops feeding the socket and gives its place back; any thread, any number of times. */
        void release() {
            push.leave();
            slot.release();
        }
    }

    private final Pushing pushing;
    private final Admission admission;
    private final Parameters parameters;
    private final WireStats stats;
    private final SocketProtocol protocol;
    private final int maxMessageBytes;

    ClockSocket(Pushing pushing, Admission admission, Parameters parameters, WireStats stats, SocketProtocol protocol,
            TransportConfig config) {
        this.pushing = pushing;
        this.admission = admission;
        this.parameters = parameters;
        this.stats = stats;
        this.protocol = protocol;
        this.maxMessageBytes = config.ws().maxMessage();
    }

    /** The upgrade request passes the door on the very path websockets-next serves, before it is upgraded. */
    static void guard(@Observes Router router, HttpAdmission door) {
        router.route(WEBSOCKET.path()).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(door.upgradeGate(WEBSOCKET));
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        stats.overhead(WEBSOCKET, Wire.WEBSOCKET_HANDSHAKE_BYTES);
        Slot slot;
        ClockRequest request;
        try {
            request = parameters.check(WEBSOCKET, connection.handshakeRequest());
            slot = admission.open(WEBSOCKET);
        } catch (Refused refused) {
            SocketSink.close(connection, new CloseReason(SocketSink.TRY_AGAIN_LATER, refused.problem().detail()));
            return;
        } catch (BadParameterException checkedAtTheDoor) {
            SocketSink.close(connection, new CloseReason(SocketSink.POLICY_VIOLATION, checkedAtTheDoor.getMessage()));
            return;
        }
        HttpConnection underlying = connection.userData().get(SocketHandles.CONNECTION);
        Push<TextFrame> push = pushing.start(WEBSOCKET, protocol, new SocketSink(connection, underlying), request);
        Session session = new Session(slot, push);
        connection.userData().put(SESSION, session);
        if (underlying != null) {
            Sockets.onFlood(underlying, () -> {
                stats.droppedSlow(WEBSOCKET);
                session.release();
            });
        }
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            session.release();
        }
    }

    @OnTextMessage
    @NonBlocking
    public void command(String message, WebSocketConnection connection) {
        if (TextFrame.utf8Length(message) > maxMessageBytes) {
            tooBig(connection);
            return;
        }
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            session.push().reply(TextFrame.of(protocol.answer(message, session.push())));
        }
    }

    /**
     * Vert.x refuses a message that grows past {@code max-message-size} (application.properties)
     * while its frames are still arriving, and reports it here; left alone, it would close 1011.
     */
    @OnError
    public void failed(IllegalStateException error, WebSocketConnection connection) {
        if (error.getMessage() != null && error.getMessage().contains("overflow max message size")) {
            tooBig(connection);
            return;
        }
        Log.warnf(error, "WebSocket %s failed", connection.id());
        SocketSink.close(connection, CloseReason.INTERNAL_SERVER_ERROR);
    }

    /**
     * The connection broke under the socket (the client reset it, its network went): the client is
     * gone, no fault of this server's, and the close handler gives its slot back. Left alone,
     * websockets-next logs each one as an unhandled ERROR, twice.
     */
    @OnError
    public void lost(IOException error, WebSocketConnection connection) {
        Log.debugf("WebSocket %s lost: %s", connection.id(), error.getMessage());
    }

    /** A frame the protocol forbids: the close code it calls for is on its way already ({@link Sockets}). */
    @OnError
    public void corrupt(CorruptedWebSocketFrameException error, WebSocketConnection connection) {
        Log.debugf("WebSocket %s broke the protocol: %s", connection.id(), error.getMessage());
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(Buffer message, WebSocketConnection connection) {
        SocketSink.close(connection, new CloseReason(SocketSink.UNSUPPORTED_DATA, "only text messages are accepted"));
    }

    private void tooBig(WebSocketConnection connection) {
        SocketSink.close(connection, new CloseReason(SocketSink.MESSAGE_TOO_BIG, "messages are limited to " + maxMessageBytes + " bytes"));
    }
}
