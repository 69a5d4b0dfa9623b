package dev.pushclock.transport;

import java.time.Duration;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.Tick;
import dev.pushclock.ops.Transport;
import dev.pushclock.ops.WireStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * One chunked HTTP response that a {@link Fanout} feeds, each frame paced by a {@link Pacer}: a
 * slow client gets the newest tick, never a backlog, and one that does not read at all for
 * {@code pushclock.slow-consumer.max-lag} has its connection closed.
 */
abstract class ChunkedMember implements Fanout.Member {

    private final HttpServerResponse response;
    private final Transport transport;
    private final WireStats stats;
    private final Buffer heartbeat;
    private final Pacer<Buffer> pacer;
    private long lastSent = Long.MIN_VALUE;

    ChunkedMember(HttpServerResponse response, String contentType, Buffer heartbeat, Transport transport,
            WireStats stats, Duration maxLag) {
        this.response = response;
        this.transport = transport;
        this.stats = stats;
        this.heartbeat = heartbeat;
        this.pacer = new Pacer<>(this::toSocket, maxLag.toMillis(), () -> {
            stats.droppedSlow(transport);
            response.close();
        }, System::currentTimeMillis);
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
    }

    /** This connection's frame for a tick. */
    abstract Buffer render(Tick tick);

    /** Writes a tick now, and skips it if the fan-out brings it again. */
    final void send(Tick tick) {
        lastSent = tick.seq();
        write(render(tick));
    }

    /** The client has every tick up to {@code seq} already. */
    final void sentUpTo(long seq) {
        lastSent = seq;
    }

    @Override
    public void deliver(ClockEvent event) {
        if (response.closed()) {
            return;
        }
        if (event instanceof Tick tick) {
            if (tick.seq() > lastSent) {
                lastSent = tick.seq();
                pacer.offer(render(tick), false);
            }
        } else {
            pacer.offer(heartbeat, true);
        }
    }

    /** Writes a frame now, whatever is in flight: the replay a returning client is owed goes out at once. */
    final void write(Buffer frame) {
        pacer.write(frame);
    }

    private void toSocket(Buffer frame, Pacer.Written done) {
        response.write(frame).onComplete(written -> done.written(written.succeeded()));
        stats.chunk(transport, frame.length());
    }

    @Override
    public void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
