package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HeartbeatOnEveryStreamTest} against the packaged application, on the real clock. */
@QuarkusIntegrationTest
class HeartbeatOnEveryStreamIT extends HeartbeatOnEveryStreamTest {
}
