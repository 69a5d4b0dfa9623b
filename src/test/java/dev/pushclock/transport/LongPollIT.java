package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link LongPollTest} against the packaged application. */
@QuarkusIntegrationTest
class LongPollIT extends LongPollTest {
}
