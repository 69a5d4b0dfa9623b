package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;

/**
 * The clock's part in {@code /q/health}: ready while it serves streams (it goes DOWN the moment
 * shutdown begins, before any stream is ended), alive while it keeps ticking.
 */
public final class ClockHealth {

    private ClockHealth() {
    }

    private static HealthCheckResponse report(String name, ClockFeed feed, boolean up) {
        Tick current = feed.current();
        return HealthCheckResponse.named(name).status(up)
                .withData("seq", current.seq())
                .withData("ageMillis", System.currentTimeMillis() - current.epochMillis())
                .withData("open", feed.isOpen())
                .build();
    }

    @Readiness
    @ApplicationScoped
    public static class Serving implements HealthCheck {
        private final ClockFeed feed;

        Serving(ClockFeed feed) {
            this.feed = feed;
        }

        @Override
        public HealthCheckResponse call() {
            return report("clock-serving", feed, feed.isOpen());
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Ticking implements HealthCheck {
        /** Beyond this the scheduler has stopped, not merely stalled for a garbage collection. */
        private static final long GRACE_MILLIS = 10_000;

        private final ClockFeed feed;

        Ticking(ClockFeed feed) {
            this.feed = feed;
        }

        @Override
        public HealthCheckResponse call() {
            long age = System.currentTimeMillis() - feed.current().epochMillis();
            return report("clock-ticking", feed, !feed.isOpen() || age <= 3 * feed.period().millis() + GRACE_MILLIS);
        }
    }
}
