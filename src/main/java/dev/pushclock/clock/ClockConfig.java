package dev.pushclock.clock;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The clock's settings: how it ticks and what it remembers. Checked when the feed starts. */
@ConfigMapping(prefix = "pushclock")
public interface ClockConfig {

    /** Time between ticks: whole seconds that divide a minute. */
    @WithDefault("1s")
    Duration tickPeriod();

    /** Zone of the clock for clients that do not name one: an IANA region id or {@code UTC}. */
    @WithDefault("UTC")
    String defaultZone();

    /** How many past ticks a resuming client can get back (the resume window); at least 1. */
    @WithDefault("300")
    int historySize();

    /** After this long with nothing sent, every stream gets a heartbeat; at least 1 s. */
    @WithDefault("15s")
    Duration heartbeat();
}
