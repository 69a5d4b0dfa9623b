package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link IframeEndsItselfTest} against the packaged application, on the real clock. */
@QuarkusIntegrationTest
class IframeEndsItselfIT extends IframeEndsItselfTest {
}
