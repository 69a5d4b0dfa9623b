package dev.pushclock.testing;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A service whose clock the test drives ({@link Clockwork}) instead of waiting on it. Profiles that
 * need other settings extend it and add theirs; under {@code @QuarkusIntegrationTest} the packaged
 * app has no test beans, so the same tests run on the real clock there.
 */
public class ManualTime implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ManualClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of();
    }
}
