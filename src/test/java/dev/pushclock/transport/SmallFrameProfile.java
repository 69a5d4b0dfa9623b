package dev.pushclock.transport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A forever frame that fills up after a few ticks, to see it end without waiting a quarter of an hour. */
public class SmallFrameProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pushclock.iframe.padding", "1024", "pushclock.iframe.max-bytes", "2400");
    }
}
