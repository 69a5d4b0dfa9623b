package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link HostileInputTest} against the packaged application, whose log then holds no ERROR line:
 * resets, floods, protocol violations and bad input are the clients' doing, not the server's.
 */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {

    @AfterAll
    static void theLogHasNoErrorLine() throws Exception {
        Path log = Path.of("target", "quarkus.log");
        assertTrue(Files.exists(log), "the packaged application logs to " + log);
        List<String> errors = Files.readAllLines(log).stream().filter(line -> line.contains(" ERROR ")).toList();
        assertEquals(List.of(), errors, "ERROR lines after the hostile suite");
    }
}
