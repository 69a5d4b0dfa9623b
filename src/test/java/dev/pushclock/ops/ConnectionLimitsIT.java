package dev.pushclock.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConnectionLimitsTest} against the packaged application. */
@QuarkusIntegrationTest
@TestProfile(ConnectionLimitsTest.TwoEach.class)
class ConnectionLimitsIT extends ConnectionLimitsTest {
}
