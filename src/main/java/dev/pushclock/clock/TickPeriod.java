package dev.pushclock.clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tick arithmetic as pure functions of wall-clock milliseconds, so that every replica gives a
 * tick the same number and a scheduler that fires late can neither skip nor repeat one.
 */
public record TickPeriod(long millis) {

    private static final long MINUTE_MILLIS = 60_000;

    public TickPeriod {
        if (millis <= 0 || millis % 1000 != 0 || MINUTE_MILLIS % millis != 0) {
            throw new IllegalArgumentException("pushclock.tick-period must be whole seconds that divide a minute"
                    + " (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60 s), got " + millis + " ms");
        }
    }

    public static TickPeriod of(Duration period) {
        if (period.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("pushclock.tick-period must be whole seconds, got " + period);
        }
        return new TickPeriod(period.toMillis());
    }

    /** The number of the tick that is current at {@code epochMillis}. */
    public long seqAt(long epochMillis) {
        return Math.floorDiv(epochMillis, millis);
    }

    /** The tick numbered {@code seq}: its {@code epochMillis} is the boundary it stands for. */
    public Tick tick(long seq) {
        return new Tick(seq, Math.multiplyExact(seq, millis));
    }

    public Tick tickAt(long epochMillis) {
        return tick(seqAt(epochMillis));
    }

    /** How long from {@code epochMillis} until the next tick's boundary: more than 0, at most a period. */
    public long millisUntilNext(long epochMillis) {
        return millis - Math.floorMod(epochMillis, millis);
    }

    /**
     * The ticks that a firing at {@code nowMillis} owes after tick {@code lastPublished}, oldest
     * first: none when the clock has not moved on (or was set back), every one in between when the
     * firing came late, but never more than {@code maxCatchUp} (the newest ones) after a stall
     * longer than anyone could still replay.
     */
    public List<Tick> due(long lastPublished, long nowMillis, int maxCatchUp) {
        long newest = seqAt(nowMillis);
        if (newest <= lastPublished) {
            return List.of();
        }
        long oldest = Math.max(lastPublished + 1, newest - maxCatchUp + 1);
        List<Tick> due = new ArrayList<>((int) (newest - oldest + 1));
        for (long seq = oldest; seq <= newest; seq++) {
            due.add(tick(seq));
        }
        return due;
    }
}
