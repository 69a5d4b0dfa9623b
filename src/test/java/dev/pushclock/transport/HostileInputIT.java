package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostileInputTest} against the packaged application. */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
