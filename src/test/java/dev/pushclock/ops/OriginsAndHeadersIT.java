package dev.pushclock.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link OriginsAndHeadersTest} against the packaged application. */
@QuarkusIntegrationTest
@TestProfile(OriginsAndHeadersTest.OneFriend.class)
class OriginsAndHeadersIT extends OriginsAndHeadersTest {
}
