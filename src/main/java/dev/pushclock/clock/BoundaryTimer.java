package dev.pushclock.clock;

import java.time.InstantSource;

/**
 * Keeps one timer set for the clock's next boundary, so a tick is published on its boundary rather
 * than at the scheduler's next check. The scheduler's fixed-rate timer is only roughly aligned to the
 * wall-clock second (sometimes a hair before it, which would make every tick a whole second late);
 * each firing sets the timer for the boundary after it, and the schedule stays the safety net that
 * publishes whatever a lost or late timer missed.
 */
final class BoundaryTimer {

    /** Runs an action once, after a delay: a Vert.x timer in the service, the test's hand in unit tests. */
    @FunctionalInterface
    interface Timer {
        void after(long delayMillis, Runnable action);
    }

    private final TickPeriod period;
    private final InstantSource time;
    private final Timer timer;
    private final Runnable atBoundary;
    /** The boundary the pending timer is set for; guarded by {@code this}. */
    private long armed = Long.MIN_VALUE;

    BoundaryTimer(TickPeriod period, InstantSource time, Timer timer, Runnable atBoundary) {
        this.period = period;
        this.time = time;
        this.timer = timer;
        this.atBoundary = atBoundary;
    }

    /** Sets the timer for the next boundary from now, unless it is set for that boundary already. */
    synchronized void arm() {
        long nowMillis = time.millis();
        long untilNext = period.millisUntilNext(nowMillis);
        long boundary = nowMillis + untilNext;
        if (boundary != armed) {
            armed = boundary;
            timer.after(untilNext, () -> fired(boundary));
        }
    }

    private void fired(long boundary) {
        synchronized (this) {
            if (armed == boundary) {
                armed = Long.MIN_VALUE;
            }
        }
        atBoundary.run();
        arm();
    }
}
