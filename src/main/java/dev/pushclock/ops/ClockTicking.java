package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;

/** Liveness: the clock keeps ticking. A replica whose scheduler has stopped is of no use to anyone. */
@Liveness
@ApplicationScoped
public class ClockTicking implements HealthCheck {

    /** Beyond this the scheduler has stopped, not merely stalled for a garbage collection. */
    private static final long GRACE_MILLIS = 10_000;

    private final ClockFeed feed;

    ClockTicking(ClockFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        long age = feed.time().millis() - feed.current().epochMillis();
        return report("clock-ticking", feed, age <= 3 * feed.period().millis() + GRACE_MILLIS);
    }

    static HealthCheckResponse report(String name, ClockFeed feed, boolean up) {
        Tick current = feed.current();
        return HealthCheckResponse.named(name).status(up)
                .withData("seq", current.seq())
                .withData("ageMillis", feed.time().millis() - current.epochMillis())
                .withData("open", feed.isOpen())
                .build();
    }
}
