package dev.pushclock.transport;

import java.util.concurrent.Flow;
import java.util.function.Consumer;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a stream of pre-encoded chunks to one chunked HTTP response, one write in flight at a time:
 * the next chunk is asked for only once the last one reached the socket, so a client that stops
 * reading leaves the newest chunk waiting upstream instead of a queue growing here.
 */
final class ChunkedStream implements MultiSubscriber<Buffer> {

    private final HttpServerResponse response;
    private final Consumer<Buffer> written;
    private volatile Flow.Subscription subscription;

    private ChunkedStream(HttpServerResponse response, Consumer<Buffer> written) {
        this.response = response;
        this.written = written;
    }

    /** Streams {@code chunks} into {@code response}, calling {@code written} after each chunk is written. */
    static void pipe(Multi<Buffer> chunks, HttpServerResponse response, Consumer<Buffer> written) {
        response.setChunked(true);
        chunks.subscribe().withSubscriber(new ChunkedStream(response, written));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        response.closeHandler(closed -> subscription.cancel());
        subscription.request(1);
    }

    @Override
    public void onItem(Buffer chunk) {
        response.write(chunk).onComplete(write -> {
            if (write.succeeded()) {
                written.accept(chunk);
                subscription.request(1);
            } else {
                subscription.cancel();
            }
        });
    }

    @Override
    public void onFailure(Throwable failure) {
        Log.warnf(failure, "Stream to %s failed", response);
        response.reset();
    }

    @Override
    public void onCompletion() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
