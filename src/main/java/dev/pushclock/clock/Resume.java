package dev.pushclock.clock;

import java.util.OptionalLong;

/**
 * What a client that comes back after tick {@code lastSeen} is owed, given the current tick and
 * the resume window. Every tick is a pure function of its seq, so any replica, even one that just
 * started, can answer without having seen the ticks it replays.
 *
 * @param firstAvailable present when ticks the client missed have left the window: the oldest
 *                       tick that can still be replayed, which the client must be told about
 * @param from           the first tick to replay
 * @param to             the last tick to replay (the current one); before {@code from} when none
 */
public record Resume(OptionalLong firstAvailable, long from, long to) {

    public static Resume after(long lastSeen, long currentSeq, int windowSize) {
        long oldest = currentSeq - windowSize + 1;
        if (lastSeen >= currentSeq) {
            return new Resume(OptionalLong.empty(), currentSeq + 1, currentSeq);
        }
        if (lastSeen + 1 < oldest) {
            return new Resume(OptionalLong.of(oldest), oldest, currentSeq);
        }
        return new Resume(OptionalLong.empty(), lastSeen + 1, currentSeq);
    }

    public long count() {
        return Math.max(0, to - from + 1);
    }
}
