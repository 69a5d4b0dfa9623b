package dev.pushclock.proxy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import io.quarkus.logging.Log;

/**
 * The proxies as the system has them, so nothing is ever downloaded. Where one is missing its tests
 * are skipped, loudly, unless {@code PUSHCLOCK_REQUIRE_PROXIES} is set (as {@code .ci/run} does):
 * then a missing proxy fails the build.
 */
final class Installed {

    private Installed() {
    }

    static void assume(Path executable, String aptPackage) {
        if (Files.isExecutable(executable)) {
            return;
        }
        String missing = executable + " is not installed: apt-get install -y " + aptPackage;
        if (Boolean.parseBoolean(System.getenv().getOrDefault("PUSHCLOCK_REQUIRE_PROXIES", "false"))) {
            Assertions.fail(missing);
        }
        String banner = "*".repeat(100);
        Log.warnf("%n%s%n  PROXY TESTS SKIPPED: %s%n%s", banner, missing, banner);
        Assumptions.abort(missing);
    }
}
