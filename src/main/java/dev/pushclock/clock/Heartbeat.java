package dev.pushclock.clock;

/** Sent on every stream when nothing else was for {@code pushclock.heartbeat}. */
public record Heartbeat(long epochMillis) implements ClockEvent {
}
