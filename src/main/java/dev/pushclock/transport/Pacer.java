package dev.pushclock.transport;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Paces one connection's writes, the one policy every pushing transport follows. While a write
 * has not reached the socket yet, only the newest tick waits, and goes out when it has, so a slow
 * client gets the newest tick, never a backlog; a heartbeat never takes a waiting tick's place (a
 * line with a tick waiting is not quiet). Replies a client asked for (a WebSocket's pongs and
 * acknowledgements) cannot be dropped, so they wait in order, but only a few: a client that asks
 * for more without reading is not reading at all. So is one whose oldest write has been in flight
 * longer than {@code pushclock.slow-consumer.max-lag}. Either way {@code onStall} is told, once,
 * and nothing more is written. Used on the connection's event loop only.
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
    private final int maxReplies;
    private final Runnable onStall;
    private final LongSupplier clock;
    private final ArrayDeque<F> replies = new ArrayDeque<>();
    private int inFlight;
    private long inFlightSince;
    private F waiting;
    private boolean stalled;

    Pacer(Writer<F> writer, long maxLagMillis, int maxReplies, Runnable onStall, LongSupplier clock) {
        this.writer = writer;
        this.maxLagMillis = maxLagMillis;
        this.maxReplies = maxReplies;
        this.onStall = onStall;
        this.clock = clock;
    }

    /** A tick's frame, or a heartbeat's: written now if nothing is in flight, else held. */
    void offer(F frame, boolean heartbeat) {
        if (stalled) {
            return;
        }
        if (inFlight == 0) {
            write(frame);
            return;
        }
        if (waiting == null || !heartbeat) {
            waiting = frame;
        }
        checkLag();
    }

    /** A reply the client asked for: written after what is in flight, before any waiting tick. */
    void reply(F frame) {
        if (stalled) {
            return;
        }
        if (inFlight == 0) {
            write(frame);
            return;
        }
        if (replies.size() >= maxReplies) {
            stall();
            return;
        }
        replies.add(frame);
        checkLag();
    }

    /** Writes a frame now, whatever is in flight: the replay a returning client is owed goes out at once. */
    void write(F frame) {
        if (stalled) {
            return;
        }
        if (inFlight++ == 0) {
            inFlightSince = clock.getAsLong();
        }
        writer.write(frame, succeeded -> {
            if (--inFlight == 0 && succeeded && !stalled) {
                F next = replies.isEmpty() ? takeWaiting() : replies.poll();
                if (next != null) {
                    write(next);
                }
            }
        });
    }

    /** How long the oldest write in flight has waited, 0 when none is. */
    long behindMillis() {
        return inFlight == 0 ? 0 : clock.getAsLong() - inFlightSince;
    }

    private F takeWaiting() {
        F next = waiting;
        waiting = null;
        return next;
    }

    private void checkLag() {
        if (clock.getAsLong() - inFlightSince > maxLagMillis) {
            stall();
        }
    }

    private void stall() {
        stalled = true;
        waiting = null;
        replies.clear();
        onStall.run();
    }
}
