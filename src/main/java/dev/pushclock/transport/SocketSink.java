package dev.pushclock.transport;

import java.util.List;

import dev.pushclock.ops.Sockets;
import dev.pushclock.ops.Wire;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;

/** A socket's side of a connection: one text frame per frame, each rendered once for every client in its zone. */
final class SocketSink implements Push.Sink<TextFrame> {

    /** The clock ended because this replica is shutting down: 1001, go elsewhere. */
    static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");
    static final int UNSUPPORTED_DATA = 1003;
    static final int POLICY_VIOLATION = 1008;
    static final int MESSAGE_TOO_BIG = 1009;
    static final int TRY_AGAIN_LATER = 1013;

    /** How long a client that stopped reading has to take its close frame before the connection is dropped. */
    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final WebSocketConnection connection;
    private final HttpConnection underlying;

    SocketSink(WebSocketConnection connection, HttpConnection underlying) {
        this.connection = connection;
        this.underlying = underlying;
    }

    @Override
    public long write(List<TextFrame> frames, Pacer.Written done) {
        if (frames.isEmpty()) {
            done.written(true);
            return 0;
        }
        long bytes = 0;
        int[] left = { frames.size() };
        boolean[] failed = { false };
        for (TextFrame frame : frames) {
            bytes += Wire.webSocketFrameBytes(frame.bytes());
            connection.sendText(frame.text()).subscribe().with(sent -> {
                if (--left[0] == 0) {
                    done.written(!failed[0]);
                }
            }, failure -> {
                Log.debugf("WebSocket %s is gone: %s", connection.id(), failure);
                failed[0] = true;
                if (--left[0] == 0) {
                    done.written(false);
                }
            });
        }
        return bytes;
    }

    @Override
    public long end() {
        close(connection, GOING_AWAY);
        return 0;
    }

    /** A 1008 for a client that still reads a little; the connection goes after a grace either way. */
    @Override
    public void evict(String reason) {
        close(connection, new CloseReason(POLICY_VIOLATION, reason));
        Vertx.currentContext().owner().setTimer(CLOSE_GRACE_MILLIS, id -> {
            // not connection.isOpen(): websockets-next counts a socket as closed once its close is sent
            if (underlying != null) {
                Sockets.abort(underlying);
            }
        });
    }

    /** Closes a socket on the server's initiative; one that is gone already needs nothing more. */
    static void close(WebSocketConnection connection, CloseReason reason) {
        connection.close(reason).subscribe().with(closed -> {
        }, failure -> Log.debugf("WebSocket %s was already gone: %s", connection.id(), failure));
    }
}
