package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.pushclock.packaged.PackagedApp;

/**
 * The page survives its server going away: stop the packaged service for three seconds and start
 * it again, and every panel says it is reconnecting, then reconnects by itself. The automatic panel
 * resumes with no tick missing from its count, the event stream from its last id, the long-poll
 * from its last seq, and every other stream from its cursor.
 */
class DemoPageRecoveryIT {

    @Test
    void everyPanelReconnectsByItselfAfterAnOutage() throws Exception {
        Browser.assumeAvailable();
        int port = PackagedApp.freePort();
        ChromeDriver browser = Browser.open(1280, 1800);
        PackagedApp app = PackagedApp.start(port, Map.of());
        try {
            browser.get(app.uri().toString());
            WebDriverWait wait = Panels.waitUpTo(browser, 20, Panels.ALL);
            wait.until(driver -> Panels.ALL.stream().allMatch(id -> Panels.figure(browser, id, "updates") >= 2));

            app.terminate();
            app.awaitExit(Duration.ofSeconds(20));
            long outageStarted = System.currentTimeMillis();
            wait.until(driver -> Panels.ALL.stream().allMatch(id -> "reconnecting".equals(Panels.status(browser, id))));
            long waited = System.currentTimeMillis() - outageStarted;
            Panels.waitUpTo(browser, 10, Panels.ALL).until(driver -> System.currentTimeMillis() - outageStarted >= 3000);
            Map<String, Long> before = new HashMap<>();
            for (String id : Panels.ALL) {
                before.put(id, Panels.figure(browser, id, "updates"));
            }

            app = PackagedApp.start(port, Map.of());
            Panels.waitUpTo(browser, 60, Panels.ALL).until(driver -> Panels.ALL.stream()
                    .allMatch(id -> Panels.figure(browser, id, "updates") >= before.get(id) + 2));
            Panels.screenshot(browser, "demo-page-after-outage");
            String seen = Panels.describe(browser, Panels.ALL);
            for (String id : Panels.ALL) {
                assertEquals("live", Panels.status(browser, id), seen);
            }
            assertTrue(waited < 15_000, "took " + waited + " ms to say it was reconnecting");
            String requests = (String) Panels.script(browser,
                    "return performance.getEntriesByType('resource').map(e => e.name).join('\\n')");
            assertTrue(requests.contains("/api/clock/next?zone=UTC&after="), "long-poll resumes from its seq");
            assertAll(seen,
                    () -> assertTrue(Panels.countsEveryTick(browser, "auto"), "the automatic panel lost ticks across the outage"),
                    () -> assertTrue(Panels.countsEveryTick(browser, "sse"), "the event stream lost ticks: it must resume from its last id"));
            // needs the server's cursor (after=) on the NDJSON stream, the forever frame and the WebSocket
            assertAll(seen, List.of("ndjson", "iframe", "websocket").stream().map(id -> (Executable) () -> assertTrue(
                    Panels.countsEveryTick(browser, id), id + " lost ticks: it must resume from its cursor")));
        } finally {
            browser.quit();
            app.close();
        }
    }
}
