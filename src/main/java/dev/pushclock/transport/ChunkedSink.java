package dev.pushclock.transport;

import java.util.List;

import dev.pushclock.ops.RawChunks;
import dev.pushclock.ops.Sockets;
import dev.pushclock.ops.Wire;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A chunked HTTP response written by a Vert.x route: one chunk per write, each rendered once for
 * every client in its zone. Once the head is out, an HTTP/1.1 stream's chunks are written framed as
 * they were rendered ({@link RawChunks}); before that, and over HTTP/1.0 and HTTP/2, through Vert.x.
 * Streams are never cached, transformed or buffered by a proxy (and Quarkus compresses neither media
 * type, even with compression on).
 */
final class ChunkedSink implements Push.Sink<Chunk> {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    /** Looked for at the first write after the head; null until then, and where there is none. */
    private RawChunks raw;
    private boolean rawLookedFor;

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
    public long write(List<Chunk> frames, Pacer.Written done) {
        Chunk chunk = frames.isEmpty() ? null : frames.size() == 1 ? frames.get(0) : Chunk.join(frames);
        if (chunk == null || chunk.length() == 0) {
            // an empty chunk would be the stream's last
            done.written(true);
            return 0;
        }
        if (response.ended() || response.closed()) {
            // a write that was waiting when the stream ended (the service draining): past the last
            // chunk its bytes would be read as the next response on a kept-alive connection
            done.written(false);
            return 0;
        }
        if (!rawLookedFor && response.headWritten()) {
            rawLookedFor = true;
            raw = RawChunks.of(request);
        }
        if (raw != null) {
            raw.write(chunk.framed(), done::written);
        } else {
            response.write(chunk.body()).onComplete(written -> done.written(written.succeeded()));
        }
        return Wire.chunkBytes(chunk.length());
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
