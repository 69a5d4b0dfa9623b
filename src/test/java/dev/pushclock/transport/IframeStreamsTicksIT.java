package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link IframeStreamsTicksTest} against the packaged application. */
@QuarkusIntegrationTest
class IframeStreamsTicksIT extends IframeStreamsTicksTest {
}
