package dev.pushclock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The log of the application {@code @QuarkusIntegrationTest} runs: what a suite left in it. */
public final class PackagedLog {

    private static final Path LOG = Path.of("target", "quarkus.log");

    private PackagedLog() {
    }

    /** Fails with every ERROR line the packaged application has logged, if it has logged any. */
    public static void assertNoErrorLine(String after) throws IOException {
        assertTrue(Files.exists(LOG), "the packaged application logs to " + LOG);
        List<String> errors = Files.readAllLines(LOG).stream().filter(line -> line.contains(" ERROR ")).toList();
        assertEquals(List.of(), errors, "ERROR lines after " + after);
    }
}
