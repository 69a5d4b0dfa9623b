package dev.pushclock.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpenApiTest} against the packaged application. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {
}
