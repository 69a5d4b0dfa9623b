package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PathVariantsTest} against the packaged application. */
@QuarkusIntegrationTest
class PathVariantsIT extends PathVariantsTest {
}
