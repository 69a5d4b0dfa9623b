package dev.pushclock.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link WireStatsTest} against the packaged application. */
@QuarkusIntegrationTest
class WireStatsIT extends WireStatsTest {
}
