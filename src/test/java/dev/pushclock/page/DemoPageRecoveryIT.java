package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.pushclock.packaged.PackagedApp;

/**
 * The page survives its server going away: stop the packaged service for three seconds and start
 * it again, and every panel says it is reconnecting, then reconnects by itself; the event stream
 * resumes from its last id without losing a tick, the long-poll from its last seq.
 */
class DemoPageRecoveryIT {

    private static final List<String> TRANSPORTS = DemoPageInBrowserTest.TRANSPORTS;

    private static long figure(ChromeDriver browser, String id, String name) {
        String value = browser.findElement(By.id(id)).getDomAttribute("data-" + name);
        return value == null ? -1 : Long.parseLong(value);
    }

    @Test
    void everyPanelReconnectsByItselfAfterAnOutage() throws Exception {
        Browser.assumeAvailable();
        int port = PackagedApp.freePort();
        ChromeDriver browser = Browser.open(1280, 1800);
        PackagedApp app = PackagedApp.start(port, Map.of());
        try {
            browser.get(app.uri().toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(driver -> TRANSPORTS.stream().allMatch(id -> figure(browser, id, "updates") >= 2));
            long sseFirst = figure(browser, "sse", "first-seq");

            app.terminate();
            app.awaitExit(Duration.ofSeconds(20));
            long outageStarted = System.currentTimeMillis();
            wait.until(driver -> TRANSPORTS.stream().allMatch(id -> browser.findElement(By.cssSelector("#" + id + " .status"))
                    .getText().contains("reconnecting")));
            long waited = System.currentTimeMillis() - outageStarted;
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> System.currentTimeMillis() - outageStarted >= 3000);
            Map<String, Long> before = new HashMap<>();
            for (String id : TRANSPORTS) {
                before.put(id, figure(browser, id, "updates"));
            }

            app = PackagedApp.start(port, Map.of());
            new WebDriverWait(browser, Duration.ofSeconds(45)).until(driver -> TRANSPORTS.stream()
                    .allMatch(id -> figure(browser, id, "updates") >= before.get(id) + 2));
            for (String id : TRANSPORTS) {
                assertTrue(browser.findElement(By.cssSelector("#" + id + " .status")).getText().matches("live|open"),
                        id + " says " + browser.findElement(By.cssSelector("#" + id + " .status")).getText());
            }
            long sseLast = figure(browser, "sse", "last-seq");
            assertEquals(sseLast - sseFirst + 1, figure(browser, "sse", "updates"),
                    "the event stream lost ticks across the outage: it must resume from its last id");
            String requests = (String) ((JavascriptExecutor) browser).executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name).join('\\n')");
            assertTrue(requests.contains("/api/clock/next?zone=UTC&after="), "long-poll resumes from its seq");
            assertTrue(waited < 15_000, "took " + waited + " ms to say it was reconnecting");
        } finally {
            browser.quit();
            app.close();
        }
    }
}
