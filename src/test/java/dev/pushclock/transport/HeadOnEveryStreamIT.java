package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HeadOnEveryStreamTest} against the packaged application. */
@QuarkusIntegrationTest
class HeadOnEveryStreamIT extends HeadOnEveryStreamTest {
}
