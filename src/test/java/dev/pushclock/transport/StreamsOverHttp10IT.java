package dev.pushclock.transport;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StreamsOverHttp10Test} against the packaged application, on the real clock. */
@QuarkusIntegrationTest
class StreamsOverHttp10IT extends StreamsOverHttp10Test {
}
