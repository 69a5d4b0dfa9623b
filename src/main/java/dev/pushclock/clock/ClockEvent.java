package dev.pushclock.clock;

/**
 * What the clock feed publishes: a tick, or a heartbeat that keeps quiet streams alive through
 * proxies' idle timeouts when the period is long.
 */
public sealed interface ClockEvent permits Tick, Heartbeat {
}
