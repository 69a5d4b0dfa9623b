package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DemoPageTest} against the packaged application. */
@QuarkusIntegrationTest
class DemoPageIT extends DemoPageTest {
}
