package dev.pushclock.page;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.quarkus.logging.Log;

/**
 * Headless Chromium driven through the system's chromedriver, so nothing is ever downloaded. Where
 * either is missing the browser tests are skipped, loudly, unless {@code PUSHCLOCK_REQUIRE_BROWSER}
 * is set (as {@code .ci/run} does): then a missing browser fails the build.
 */
public final class Browser {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Browser() {
    }

    private static boolean required() {
        return Boolean.parseBoolean(System.getenv().getOrDefault("PUSHCLOCK_REQUIRE_BROWSER", "false"));
    }

    /** Why the browser cannot run here, or empty when it can. */
    private static Optional<String> missing() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("Chromium (" + CHROMIUM + ") or chromedriver (" + CHROMEDRIVER + ") is not installed: "
                    + "apt-get install -y chromium chromium-driver");
        }
        return Optional.empty();
    }

    /**
     * Returns when the browser can run. Where it cannot: fails when it is required (CI), else
     * skips the test with a banner no one can miss.
     */
    static void assumeAvailable() {
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            if (required()) {
                Assertions.fail(missing.get());
            }
            String banner = "*".repeat(100);
            Log.warnf("%n%s%n  BROWSER TESTS SKIPPED: %s%n%s", banner, missing.get(), banner);
            Assumptions.abort(missing.get());
        }
    }

    /** A fresh browser; {@code extraArguments} such as {@code --ignore-certificate-errors} for a test's own certificate. */
    static ChromeDriver open(int width, int height, String... extraArguments) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("pushclock-chromium"));
        options.addArguments(extraArguments);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL", "performance", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
