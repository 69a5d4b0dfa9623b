package dev.pushclock.ops;

import jakarta.inject.Singleton;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.transport.Transport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * pushclock's meters on {@code /q/metrics}: per transport (tag {@code transport}) what
 * {@code /api/stats} shows plus refusals and evictions, and the clock's own pulse: ticks published,
 * the age of the newest one and the period, which an alert compares (kubernetes/overlays/observability).
 */
@Singleton
public class Metrics implements MeterBinder {

    private final WireStats stats;
    private final ClockFeed feed;

    Metrics(WireStats stats, ClockFeed feed) {
        this.stats = stats;
        this.feed = feed;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Transport transport : Transport.values()) {
            WireStats.Counters counters = stats.of(transport);
            Gauge.builder("pushclock.connections", counters, WireStats.Counters::open)
                    .description("Open connections (in-flight requests for polling)")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.messages.sent", counters, WireStats.Counters::messages)
                    .description("Messages sent: ticks, heartbeats and replies")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.bytes.sent", counters, WireStats.Counters::bytes)
                    .description("Bytes sent, HTTP headers and framing included")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.connections.refused", counters, WireStats.Counters::refused)
                    .description("Connections refused because the transport was at its limit")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.connections.dropped.slow", counters, WireStats.Counters::droppedSlow)
                    .description("Connections dropped because the client stopped reading")
                    .tag("transport", transport.id()).register(registry);
        }
        FunctionCounter.builder("pushclock.clock.ticks", feed, ClockFeed::ticksPublished)
                .description("Ticks the clock has published").register(registry);
        Gauge.builder("pushclock.clock.last.tick.age", feed,
                clock -> (clock.time().millis() - clock.current().epochMillis()) / 1000.0)
                .description("Seconds since the boundary of the newest tick published").baseUnit("seconds").register(registry);
        Gauge.builder("pushclock.clock.tick.period", feed, clock -> clock.period().millis() / 1000.0)
                .description("The clock's period (pushclock.tick-period)").baseUnit("seconds").register(registry);
    }
}
