package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link NdjsonStreamTest} against the packaged application. */
@QuarkusIntegrationTest
class NdjsonStreamIT extends NdjsonStreamTest {
}
