package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.pushclock.clock.ClockFeed;

/** Readiness: the replica serves streams until shutdown begins, and says so before any stream is ended. */
@Readiness
@ApplicationScoped
public class ClockServing implements HealthCheck {

    private final ClockFeed feed;

    ClockServing(ClockFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return ClockTicking.report("clock-serving", feed, feed.isOpen());
    }
}
