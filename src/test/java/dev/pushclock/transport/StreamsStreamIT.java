package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StreamsStreamTest} against the packaged application, on the real clock. */
@QuarkusIntegrationTest
class StreamsStreamIT extends StreamsStreamTest {
}
