package dev.pushclock.transport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A clock that ticks once a minute with a one-second heartbeat: heartbeats without waiting for them. */
public class QuietClockProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "pushclock.tick-period", "60s",
                "pushclock.heartbeat", "1s");
    }
}
