package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link HeartbeatOnEveryStreamTest} against the packaged application. */
@QuarkusIntegrationTest
@TestProfile(QuietClockProfile.class)
class HeartbeatOnEveryStreamIT extends HeartbeatOnEveryStreamTest {
}
