package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ClockSocketTest} against the packaged application. */
@QuarkusIntegrationTest
class ClockSocketIT extends ClockSocketTest {
}
