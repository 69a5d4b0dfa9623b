package dev.pushclock.ops;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The one place that reaches below Vert.x 4.5's public API, for three things it cannot do:
 * <ul>
 * <li>Let go of a client at once. Every public close first flushes what is pending, which for a
 * client that stopped reading never happens: the socket and everything behind it would stay until
 * the client left or an idle timeout fired. Netty's channel is closed directly instead, the way
 * Vert.x's own idle handling does, and past TLS's close_notify wait.</li>
 * <li>Speak RFC 6455 when a socket breaks the protocol. Vert.x decodes frames with
 * {@code closeOnProtocolViolation(false)} and no UTF-8 check, so a client that sends a forbidden
 * frame is simply disconnected, invalid UTF-8 is silently replaced, and pongs to pings are queued
 * for a client that does not read, without bound. A small handler after the decoder answers a
 * violation with the close code it calls for (1002, 1007, 1009) and lets go of a client that pings
 * without reading (1008): {@link ProtocolGuard}, which needs only Netty; putting it in the pipeline
 * needs the channel.</li>
 * <li>Write a stream's chunks as they were framed, once for every client, rather than have each
 * framed again per client ({@link RawChunks}), which needs the channel too.</li>
 * </ul>
 * Vert.x 5 moves {@code ConnectionBase} to {@code io.vertx.core.internal.net}; this class is what
 * changes there.
 */
public final class Sockets {

    private static final String GUARD = "pushclock-protocol";
    private static final String UTF8 = "pushclock-utf8";
    /** Vert.x 4.5's name for the HTTP/1.1 request decoder, which the WebSocket handshake replaces. */
    private static final String HTTP_DECODER = "httpDecoder";

    private Sockets() {
    }

    /** Drops a request's connection without flushing; over HTTP/2, resets just its stream. */
    public static void abort(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset(0x8);   // CANCEL: the connection's other streams go on
        } else {
            abort(request.connection());
        }
    }

    /** Drops a connection without flushing what is pending. */
    public static void abort(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            abort(base.channel());
        } else {
            connection.close();
        }
    }

    /** A connection's Netty channel, or null for one Vert.x does not build on Netty's. */
    static Channel channel(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    /** Drops a channel from any thread, at once, with a reset. */
    static void abort(Channel channel) {
        if (channel.isOpen()) {
            channel.eventLoop().execute(() -> {
                // linger 0: a reset, so the kernel drops what the client never read instead of keeping it
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.unsafe().close(channel.voidPromise());
            });
        }
    }

    /**
     * Puts the protocol guard where Netty will put the WebSocket frame decoder, while the upgrade
     * request is still being checked: the handshake replaces the HTTP decoder with the frame decoder
     * in place, so the guard sees the very first frame, however soon the client sends it. Until then
     * it passes HTTP through untouched.
     */
    public static void guardWebSocket(HttpConnection connection, int messagesPerSecond, int burst) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(GUARD) == null && pipeline.get(HTTP_DECODER) != null) {
                // decoder, UTF-8 check, guard: the guard hears of the violations of both
                pipeline.addAfter(HTTP_DECODER, UTF8, new Utf8FrameValidator(false));
                pipeline.addAfter(UTF8, GUARD, new ProtocolGuard(messagesPerSecond, burst));
            }
        }
    }

    /** Whom the guard of an upgraded connection tells when it lets a flooding client go. */
    public static void onFlood(HttpConnection connection, Runnable onFlood) {
        if (connection instanceof ConnectionBase base && base.channel().pipeline().get(GUARD) instanceof ProtocolGuard guard) {
            guard.onFlood(onFlood);
        }
    }
}
