package dev.pushclock.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import dev.pushclock.transport.Transport;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A service that holds at most two connections of each transport, so that a test fills one with a
 * third client. One profile for every test that needs it: each profile is another application
 * built and started.
 */
public class TwoOfEach implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Arrays.stream(Transport.values())
                .collect(Collectors.toMap(transport -> "pushclock.max-connections." + transport.id(), transport -> "2"));
    }
}
