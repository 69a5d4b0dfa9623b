package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EventStreamResumeTest} against the packaged application. */
@QuarkusIntegrationTest
class EventStreamResumeIT extends EventStreamResumeTest {
}
