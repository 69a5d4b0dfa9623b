package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link IframeEndsItselfTest} against the packaged application. */
@QuarkusIntegrationTest
@TestProfile(SmallFrameProfile.class)
class IframeEndsItselfIT extends IframeEndsItselfTest {
}
