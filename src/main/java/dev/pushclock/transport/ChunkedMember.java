package dev.pushclock.transport;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.Tick;
import dev.pushclock.ops.Transport;
import dev.pushclock.ops.WireStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * One chunked HTTP response that a {@link Fanout} feeds. While the client keeps up, each frame is
 * written as it comes; when its socket is full, only the newest frame waits, and goes out when the
 * socket drains: a slow client gets the newest tick, never a backlog.
 */
abstract class ChunkedMember implements Fanout.Member {

    private final HttpServerResponse response;
    private final Transport transport;
    private final WireStats stats;
    private final Buffer heartbeat;
    private Buffer waiting;
    private long lastSent = Long.MIN_VALUE;

    ChunkedMember(HttpServerResponse response, String contentType, Buffer heartbeat, Transport transport,
            WireStats stats) {
        this.response = response;
        this.transport = transport;
        this.stats = stats;
        this.heartbeat = heartbeat;
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
        response.drainHandler(drained -> {
            Buffer newest = waiting;
            waiting = null;
            if (newest != null) {
                write(newest);
            }
        });
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
        Buffer frame;
        if (event instanceof Tick tick) {
            if (tick.seq() <= lastSent) {
                return;
            }
            lastSent = tick.seq();
            frame = render(tick);
        } else {
            frame = heartbeat;
        }
        if (response.closed()) {
            return;
        }
        if (response.writeQueueFull()) {
            waiting = frame;
        } else {
            write(frame);
        }
    }

    final void write(Buffer frame) {
        response.write(frame);
        stats.chunk(transport, frame.length());
    }

    @Override
    public void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
