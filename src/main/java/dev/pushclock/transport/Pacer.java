package dev.pushclock.transport;

import java.util.function.LongSupplier;

/**
 * Paces one connection's writes, as every pushing transport does: while a write has not reached
 * the socket yet, only the newest frame waits, and goes out when it has, so a slow client gets the
 * newest tick, never a backlog. A heartbeat never takes a waiting tick's place: it only keeps a
 * quiet line busy, and a line with a tick waiting is not quiet. Once the oldest write has been in
 * flight longer than {@code pushclock.slow-consumer.max-lag}, the client is not reading at all, and
 * {@code onStall} is told, once. Used on the connection's event loop only.
 */
final class Pacer<F> {

    /** Writes a frame, and says when it is written or has failed. */
    interface Writer<F> {
        void write(F frame, Written done);
    }

    interface Written {
        void written(boolean succeeded);
    }

    private final Writer<F> writer;
    private final long maxLagMillis;
    private final Runnable onStall;
    private final LongSupplier clock;
    private int inFlight;
    private long inFlightSince;
    private F waiting;
    private boolean stalled;

    Pacer(Writer<F> writer, long maxLagMillis, Runnable onStall, LongSupplier clock) {
        this.writer = writer;
        this.maxLagMillis = maxLagMillis;
        this.onStall = onStall;
        this.clock = clock;
    }

    /** A tick's frame, or a heartbeat's: written now if nothing is in flight, else held. */
    void offer(F frame, boolean heartbeat) {
        if (inFlight == 0) {
            write(frame);
            return;
        }
        if (waiting == null || !heartbeat) {
            waiting = frame;
        }
        if (!stalled && clock.getAsLong() - inFlightSince > maxLagMillis) {
            stalled = true;
            onStall.run();
        }
    }

    /** Writes a frame now, whatever is in flight: the replay a returning client is owed goes out at once. */
    void write(F frame) {
        if (inFlight++ == 0) {
            inFlightSince = clock.getAsLong();
        }
        writer.write(frame, succeeded -> {
            if (--inFlight == 0 && waiting != null && succeeded) {
                F newest = waiting;
                waiting = null;
                write(newest);
            }
        });
    }

    /** How long the oldest write in flight has waited, 0 when none is. */
    long behindMillis() {
        return inFlight == 0 ? 0 : clock.getAsLong() - inFlightSince;
    }
}
