package dev.pushclock.transport;

import java.util.OptionalLong;

import dev.pushclock.clock.Resume;
import dev.pushclock.clock.Tick;

/**
 * Where a connection's client is in the clock: the one rule for "already sent". A tick goes out
 * once, in order, and never one the client already has; a client that named the last tick it saw
 * is owed the ones after it (those the resume window still holds) before anything live.
 */
final class Cursor {

    private long lastSent;

    private Cursor(long lastSent) {
        this.lastSent = lastSent;
    }

    /** A client that has nothing yet (its first tick is the current one), or one that has everything up to {@code after}. */
    static Cursor after(OptionalLong after) {
        return new Cursor(after.orElse(Long.MIN_VALUE));
    }

    /** Whether the client is owed this tick; if so, it counts as sent. */
    boolean take(Tick tick) {
        if (tick.seq() <= lastSent) {
            return false;
        }
        lastSent = tick.seq();
        return true;
    }

    /**
     * What the client is owed on joining, given the current tick: for a new client the current
     * tick alone; for a returning one the ticks since its cursor, after a gap notice when some
     * have left the window; nothing when it is up to date (or one tick ahead, on a replica whose
     * clock is a hair behind the one it came from).
     */
    Resume owed(Tick current, int window) {
        if (lastSent == Long.MIN_VALUE) {
            return new Resume(OptionalLong.empty(), current.seq(), current.seq());
        }
        return Resume.after(lastSent, current.seq(), window);
    }

    long lastSent() {
        return lastSent;
    }
}
