package dev.pushclock.transport;

import org.junit.jupiter.api.AfterAll;

import dev.pushclock.testing.PackagedLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link HostileInputTest} against the packaged application, whose log then holds no ERROR line:
 * resets, floods, protocol violations and bad input are the clients' doing, not the server's.
 */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {

    @AfterAll
    static void theLogHasNoErrorLine() throws Exception {
        PackagedLog.assertNoErrorLine("the hostile suite");
    }
}
