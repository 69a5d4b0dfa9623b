package dev.pushclock.ops;

import java.util.function.Consumer;

import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Writes HTTP/1.1 chunks that are framed already, once per tick for every client, straight to a
 * stream's connection. Through Vert.x's response each write of a stream's chunk costs a Vert.x
 * promise and its listener, a size line encoded for that one client, and a Netty promise combiner
 * with a promise for each of the chunk's three parts. This is one promise per write: about a tenth
 * of the server's CPU at 5,000 and 10,000 NDJSON streams (bench/TUNING.md).
 *
 * <p>A chunk is handed to the pipeline's tail, so Netty's handlers that watch writes still see it
 * (the idle timeout's among them), wrapped so that the HTTP encoder lets it by unchanged; a small
 * handler just past the encoder unwraps it for TLS and the socket. Vert.x's own count of a
 * response's bytes does not see it (pushclock counts its own, {@link Wire}). Only where the
 * encoder would frame a body exactly so: HTTP/1.1, its head gone out with {@code
 * Transfer-Encoding: chunked}, and no compressor at work on it. Elsewhere (HTTP/1.0, HTTP/2,
 * before the head) {@link #of} has none, and the stream writes through Vert.x.
 *
 * <p>Besides the channel ({@link Sockets}), this leans on two things of Vert.x 4.5's that its API
 * does not promise: the encoder's name in the pipeline, and its compressor recording the encoding
 * it chose in the response's own headers. {@code RawChunksTest} fails if either changes.
 */
public final class RawChunks {

    private static final String HANDLER = "pushclock-chunks";
    /** Vert.x 4.5's name for the HTTP/1.1 response encoder. */
    private static final String HTTP_ENCODER = "httpEncoder";

    private final Channel channel;

    private RawChunks(Channel channel) {
        this.channel = channel;
    }

    /** The connection's raw writer once its head has gone out chunked, or null where it may not be used. */
    public static RawChunks of(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.version() != HttpVersion.HTTP_1_1 || !response.headWritten()
                || !HttpHeaders.CHUNKED.toString().equalsIgnoreCase(response.headers().get(HttpHeaders.TRANSFER_ENCODING))) {
            return null;
        }
        Channel channel = Sockets.channel(request.connection());
        if (channel == null) {
            return null;
        }
        ChannelPipeline pipeline = channel.pipeline();
        // with the head out, its headers say what a compressor chose: Vert.x's compressor writes its encoding into them
        String encoding = response.headers().get(HttpHeaders.CONTENT_ENCODING);
        boolean asIs = encoding == null || HttpHeaders.IDENTITY.toString().equalsIgnoreCase(encoding);
        if (!asIs || pipeline.get(HTTP_ENCODER) == null) {
            return null;
        }
        if (pipeline.get(HANDLER) == null) {
            pipeline.addBefore(HTTP_ENCODER, HANDLER, Unwrap.INSTANCE);
        }
        return new RawChunks(channel);
    }

    /** Writes and flushes one framed chunk; {@code written} hears whether the socket took it all. On the connection's event loop. */
    public void write(byte[] framed, Consumer<Boolean> written) {
        ChannelPromise promise = channel.newPromise();
        promise.addListener(future -> written.accept(future.isSuccess()));
        channel.writeAndFlush(new Framed(framed), promise);
    }

    /** A framed chunk on its way through the pipeline: neither an HTTP object nor a buffer, so the HTTP encoder passes it on. */
    private static final class Framed extends DefaultByteBufHolder {
        Framed(byte[] framed) {
            super(Unpooled.wrappedBuffer(framed));
        }
    }

    /** Just past the HTTP encoder: a framed chunk goes on as its bytes. */
    @ChannelHandler.Sharable
    private static final class Unwrap extends ChannelOutboundHandlerAdapter {
        static final Unwrap INSTANCE = new Unwrap();

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            context.write(message instanceof Framed framed ? framed.content() : message, promise);
        }
    }
}
