package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SlowConsumerTest} against the packaged application. */
@QuarkusIntegrationTest
@TestProfile(SlowConsumerTest.ShortPatience.class)
class SlowConsumerIT extends SlowConsumerTest {
}
