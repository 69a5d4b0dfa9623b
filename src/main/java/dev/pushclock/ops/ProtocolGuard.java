package dev.pushclock.ops;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Answers protocol violations with their close code, and bounds what one client can make the
 * server do: a frame costs a token of a bucket that holds {@code burst} and refills at
 * {@code messagesPerSecond}, so at most that many of a client's messages are ever decoded and
 * waiting for the event loop (Netty reads far faster than commands are answered, and
 * websockets-next queues each one). A client out of tokens, or pinging while it does not read
 * its pongs, is sent 1008 and let go a second later, read or not; what it sent after is dropped.
 */
final class ProtocolGuard extends ChannelInboundHandlerAdapter {
    private static final long GRACE_MILLIS = 1_000;
    private final double tokensPerNano;
    private final int burst;
    private volatile Runnable onFlood = () -> {
    };
    private double tokens;
    private long refilledAt = System.nanoTime();
    private boolean closing;

    ProtocolGuard(int messagesPerSecond, int burst) {
        this.tokensPerNano = messagesPerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Whom to tell when this guard lets a flooding client go. */
    void onFlood(Runnable action) {
        onFlood = action;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof WebSocketFrame frame && !(frame instanceof CloseWebSocketFrame)) {
            if (closing) {
                frame.release();
                return;
            }
            if (!take()) {
                frame.release();
                letGo(ctx, "more than " + burst + " messages at once");
                return;
            }
            if (frame instanceof PingWebSocketFrame && !ctx.channel().isWritable()) {
                frame.release();
                letGo(ctx, "pinging without reading");
                return;
            }
        }
        ctx.fireChannelRead(message);
    }

    private boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    private void letGo(ChannelHandlerContext ctx, String reason) {
        closing = true;
        onFlood.run();
        Channel channel = ctx.channel();
        channel.writeAndFlush(new CloseWebSocketFrame(1008, reason));
        ctx.executor().schedule(() -> Sockets.abort(channel), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt && !closing && ctx.channel().isActive()) {
            closing = true;
            WebSocketCloseStatus status = corrupt.closeStatus();
            String reason = corrupt.getMessage() == null ? status.reasonText() : corrupt.getMessage();
            // through the whole pipeline: the frame encoder sits after this handler
            ctx.channel().writeAndFlush(new CloseWebSocketFrame(status.code(), truncate(reason)))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireExceptionCaught(cause);
    }

    /** A close frame's reason fits in 123 bytes. */
    private static String truncate(String reason) {
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }
}
