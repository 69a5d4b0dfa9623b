package dev.pushclock.transport;

import java.util.List;

import dev.pushclock.ops.Sockets;
import dev.pushclock.ops.Wire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A chunked HTTP response written by a Vert.x route: one chunk per write, each a buffer rendered
 * once for every client in its zone. Streams are never cached, transformed or buffered by a proxy
 * (and Quarkus compresses neither media type, even with compression on).
 */
final class ChunkedSink implements Push.Sink<Buffer> {

    private final HttpServerRequest request;
    private final HttpServerResponse response;

    ChunkedSink(HttpServerRequest request, String contentType) {
        this.request = request;
        this.response = request.response();
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
    }

    /**
     * A HEAD request is told what its GET would get, the status and these headers, and nothing
     * more: it is ended here, joins no stream and keeps no slot. True if it was one.
     */
    boolean answeredHead() {
        if (request.method() != HttpMethod.HEAD) {
            return false;
        }
        response.end();
        return true;
    }

    @Override
    public long write(List<Buffer> frames, Pacer.Written done) {
        if (frames.isEmpty()) {
            done.written(true);
            return 0;
        }
        Buffer chunk = frames.size() == 1 ? frames.get(0) : join(frames);
        response.write(chunk).onComplete(written -> done.written(written.succeeded()));
        return Wire.chunkBytes(chunk.length());
    }

    private static Buffer join(List<Buffer> frames) {
        Buffer chunk = Buffer.buffer();
        frames.forEach(chunk::appendBuffer);
        return chunk;
    }

    @Override
    public long end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
        return 0;
    }

    @Override
    public void evict(String reason) {
        Sockets.abort(request);
    }
}
