package dev.pushclock.transport;

import java.util.List;

import dev.pushclock.ops.Sockets;
import dev.pushclock.ops.Wire;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.http.HttpServerRequest;

/**
 * The forever frame's side of a connection: each write one item of the {@code Multi} that Quarkus
 * REST writes as one chunk, the head going out with the first. Quarkus REST asks for the next item
 * when the last one is written, which is when the pacer may write again. Once the document has
 * used its byte allowance, the chunk that crossed it carries the end script too. A tick on its own,
 * the usual write, goes out as the string every client in its zone shares, its size measured once.
 */
final class FrameSink implements Push.Sink<TextFrame> {

    /** The document is full: the page opens a fresh one at once. */
    static final String END_FULL = "<script>parent.iframeEnd(\"full\")</script>\n</body></html>\n";
    /** This replica is going away: the page comes back after a random delay, so clients do not return in a herd. */
    static final String END_SHUTDOWN = "<script>parent.iframeEnd(\"shutdown\")</script>\n</body></html>\n";

    private final MultiEmitter<? super String> emitter;
    private final HttpServerRequest request;
    private TextFrame head;
    private long left;
    private Pacer.Written pending;

    FrameSink(MultiEmitter<? super String> emitter, HttpServerRequest request, TextFrame head, long allowance) {
        this.emitter = emitter;
        this.request = request;
        this.head = head;
        this.left = allowance;
        emitter.onRequest(more -> written(true));
        emitter.onTermination(() -> written(false));
    }

    @Override
    public long write(List<TextFrame> frames, Pacer.Written done) {
        TextFrame chunk = joined(frames);
        left -= chunk.bytes();
        if (left <= 0) {
            String last = chunk.text() + END_FULL;
            emitter.emit(last);
            emitter.complete();
            return Wire.chunkBytes(chunk.bytes() + END_FULL.length());
        }
        pending = done;
        emitter.emit(chunk.text());
        return Wire.chunkBytes(chunk.bytes());
    }

    /** The frames as one chunk, the head first if it has not gone yet. */
    private TextFrame joined(List<TextFrame> frames) {
        if (head == null && frames.size() == 1) {
            return frames.get(0);
        }
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        if (head != null) {
            text.append(head.text());
            bytes += head.bytes();
            head = null;
        }
        for (TextFrame frame : frames) {
            text.append(frame.text());
            bytes += frame.bytes();
        }
        return new TextFrame(text.toString(), bytes);
    }

    private void written(boolean succeeded) {
        Pacer.Written done = pending;
        pending = null;
        if (done != null) {
            done.written(succeeded);
        }
    }

    @Override
    public long end() {
        if (emitter.isCancelled()) {
            return 0;
        }
        emitter.emit(END_SHUTDOWN);
        emitter.complete();
        return Wire.chunkBytes(END_SHUTDOWN.length());
    }

    @Override
    public void evict(String reason) {
        Sockets.abort(request);
    }
}
