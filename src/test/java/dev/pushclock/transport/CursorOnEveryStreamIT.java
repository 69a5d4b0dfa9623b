package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CursorOnEveryStreamTest} against the packaged application, on the real clock. */
@QuarkusIntegrationTest
class CursorOnEveryStreamIT extends CursorOnEveryStreamTest {
}
