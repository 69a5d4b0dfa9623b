package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link BadParametersTest} against the packaged application. */
@QuarkusIntegrationTest
class BadParametersIT extends BadParametersTest {
}
