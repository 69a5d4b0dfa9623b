package dev.pushclock.clock;

/**
 * One tick of the clock: its number and the period boundary it stands for. Everything a transport
 * sends about a tick is a pure function of these two values and a zone.
 */
public record Tick(long seq, long epochMillis) implements ClockEvent {
}
