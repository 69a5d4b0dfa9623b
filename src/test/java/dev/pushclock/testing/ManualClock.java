package dev.pushclock.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The time the feed goes by in a test that drives it ({@link ManualTime}): it starts at the real
 * time and moves only when the test moves it. Enabled per test profile, so tests of the scheduler
 * itself, and the browser tests, keep the real clock.
 */
@Alternative
@Singleton
public class ManualClock implements InstantSource {

    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    /** Moves the clock on by {@code duration}. */
    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }
}
