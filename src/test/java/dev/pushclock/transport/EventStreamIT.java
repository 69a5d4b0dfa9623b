package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EventStreamTest} against the packaged application. */
@QuarkusIntegrationTest
class EventStreamIT extends EventStreamTest {
}
