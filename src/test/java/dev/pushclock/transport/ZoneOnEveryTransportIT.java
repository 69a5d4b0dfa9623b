package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ZoneOnEveryTransportTest} against the packaged application. */
@QuarkusIntegrationTest
class ZoneOnEveryTransportIT extends ZoneOnEveryTransportTest {
}
