package dev.pushclock.ops;

import dev.pushclock.testing.TwoOfEach;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConnectionLimitsTest} against the packaged application. */
@QuarkusIntegrationTest
@TestProfile(TwoOfEach.class)
class ConnectionLimitsIT extends ConnectionLimitsTest {
}
