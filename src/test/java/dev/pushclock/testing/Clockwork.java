package dev.pushclock.testing;

import java.time.Duration;

import dev.pushclock.clock.ClockFeed;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;

/**
 * Moves the clock on in a test. Inside Quarkus, where the feed goes by a {@link ManualClock}, it
 * moves the clock by hand and publishes at once, so a test asserts exact sequences in no time.
 * Against the packaged app (a {@code *IT}, which has no beans to reach) and on a profile without
 * {@link ManualTime}, time moves by itself: the same calls then do nothing, and the test's bounded
 * waits, sized to a period and a half, wait for the real clock instead.
 */
public final class Clockwork {

    private final ManualClock clock;
    private final ClockFeed feed;

    private Clockwork(ManualClock clock, ClockFeed feed) {
        this.clock = clock;
        this.feed = feed;
    }

    /** The clock of the service under test: driven by hand where the test runs inside Quarkus on {@link ManualTime}. */
    public static Clockwork here() {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return new Clockwork(null, null);
        }
        InstanceHandle<ManualClock> clock = container.instance(ManualClock.class);
        return clock.isAvailable() ? new Clockwork(clock.get(), container.instance(ClockFeed.class).get()) : new Clockwork(null, null);
    }

    /** Whether the test drives the clock (and can therefore also see that nothing happens until it does). */
    public boolean manual() {
        return clock != null;
    }

    /** To the next tick's boundary, and a few milliseconds past it, as a scheduler fires. */
    public void tick() {
        if (manual()) {
            long period = feed.period().millis();
            clock.advance(Duration.ofMillis(period - Math.floorMod(clock.millis(), period) + 3));
            feed.publishDue();
        }
    }

    /** On by {@code duration}, publishing what is due (ticks, or a heartbeat on a quiet clock). */
    public void advance(Duration duration) {
        if (manual()) {
            clock.advance(duration);
            feed.publishDue();
        }
    }
}
