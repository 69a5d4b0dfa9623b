package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StreamsAreProxySafeTest} against the packaged application. */
@QuarkusIntegrationTest
class StreamsAreProxySafeIT extends StreamsAreProxySafeTest {
}
