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
 * One chunked HTTP response that a {@link Fanout} feeds. While the client keeps up, each frame is
 * written as it comes. While a write has not reached the socket yet, only the newest frame waits,
 * and goes out when it has: a slow client gets the newest tick, never a backlog. A client whose
 * oldest write has waited longer than {@code pushclock.slow-consumer.max-lag} is not reading at
 * all, and its connection is closed.
 */
abstract class ChunkedMember implements Fanout.Member {

    private final HttpServerResponse response;
    private final Transport transport;
    private final WireStats stats;
    private final Buffer heartbeat;
    private final long maxLagMillis;
    private Buffer waiting;
    private int inFlight;
    private long inFlightSince;
    private long lastSent = Long.MIN_VALUE;

    ChunkedMember(HttpServerResponse response, String contentType, Buffer heartbeat, Transport transport,
            WireStats stats, Duration maxLag) {
        this.response = response;
        this.transport = transport;
        this.stats = stats;
        this.heartbeat = heartbeat;
        this.maxLagMillis = maxLag.toMillis();
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
        if (inFlight == 0) {
            write(frame);
            return;
        }
        waiting = frame;
        if (System.currentTimeMillis() - inFlightSince > maxLagMillis) {
            stats.droppedSlow(transport);
            response.close();
        }
    }

    /** Writes a frame now, whatever is in flight: the replay a returning client is owed goes out at once. */
    final void write(Buffer frame) {
        if (inFlight++ == 0) {
            inFlightSince = System.currentTimeMillis();
        }
        response.write(frame).onComplete(written -> {
            if (--inFlight == 0 && waiting != null && written.succeeded()) {
                Buffer newest = waiting;
                waiting = null;
                write(newest);
            }
        });
        stats.chunk(transport, frame.length());
    }

    @Override
    public void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
