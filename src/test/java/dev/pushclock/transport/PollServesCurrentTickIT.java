package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PollServesCurrentTickTest} against the packaged application. */
@QuarkusIntegrationTest
class PollServesCurrentTickIT extends PollServesCurrentTickTest {
}
