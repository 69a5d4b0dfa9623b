package dev.pushclock.transport;

import org.junit.jupiter.api.AfterAll;

import dev.pushclock.testing.PackagedLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link HeadOnEveryStreamTest} against the packaged application, whose log then holds no ERROR
 * line: a stream that went on writing after a HEAD's end would log one.
 */
@QuarkusIntegrationTest
class HeadOnEveryStreamIT extends HeadOnEveryStreamTest {

    @AfterAll
    static void theLogHasNoErrorLine() throws Exception {
        PackagedLog.assertNoErrorLine("the HEAD requests");
    }
}
