package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.pushclock.packaged.PackagedApp;

/**
 * Three windows of the page side by side over HTTP/1.1 want twelve connections held open; the
 * browser has six for the server. Every window still loads, every panel that can get no connection
 * says it is waiting for one (and why, and where the HTTPS page is), and none says live without
 * ticking.
 */
class StalledPanelsSayWaitingIT {

    private static final String WAITING = "waiting for a free browser connection (6 per server over HTTP/1.1, "
            + "other pushclock tabs hold them)";

    @Test
    void everyStalledPanelSaysItIsWaitingAndNoneClaimsLive() throws Exception {
        Browser.assumeAvailable();
        ChromeDriver browser = Browser.open(1280, 1700);
        int sslPort = PackagedApp.freePort();
        PackagedApp app = PackagedApp.start(0, LocalTls.config(sslPort));
        try {
            List<String> windows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    browser.switchTo().newWindow(WindowType.WINDOW);
                }
                browser.get(app.uri().toString());
                windows.add(browser.getWindowHandle());
                Panels.waitUpTo(browser, 30, Panels.ALL)
                        .until(driver -> "complete".equals(Panels.script(browser, "return document.readyState")));
                assertEquals("http/1.1", Panels.protocol(browser));
            }
            // settled: every panel either ticks or has said for a while that it waits
            List<Map<String, Long>> before = new ArrayList<>();
            for (String window : windows) {
                browser.switchTo().window(window);
                Panels.waitUpTo(browser, 20, Panels.ALL).until(driver -> Panels.ALL.stream()
                        .allMatch(id -> Panels.figure(browser, id, "updates") >= 1 || "waiting".equals(Panels.status(browser, id))));
                Map<String, Long> updates = new HashMap<>();
                Panels.ALL.forEach(id -> updates.put(id, Panels.figure(browser, id, "updates")));
                before.add(updates);
            }
            long observedFrom = System.currentTimeMillis();
            Panels.waitUpTo(browser, 10, Panels.ALL).until(driver -> System.currentTimeMillis() - observedFrom >= 5000);

            List<String> waitingPanels = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                browser.switchTo().window(windows.get(i));
                String seen = Panels.describe(browser, Panels.ALL);
                for (String id : Panels.ALL) {
                    if (Panels.figure(browser, id, "updates") == before.get(i).get(id)) {
                        assertEquals("waiting", Panels.status(browser, id), "window " + (i + 1) + ": " + id
                                + " has not ticked for 5 s, yet does not say it waits" + seen);
                        assertTrue(Panels.statusText(browser, id).startsWith(WAITING), seen);
                        waitingPanels.add(windows.get(i) + " " + id);
                    }
                }
                Panels.screenshot(browser, "http11-window-" + (i + 1));
            }
            // twelve streams wanted, five places for them (the sixth connection serves page loads and polls)
            assertTrue(waitingPanels.size() >= 7, "only these wait: " + waitingPanels);

            // once the server names its HTTPS page (a Link header on /api/stats), every waiting panel points to it
            for (String stalled : waitingPanels) {
                String[] windowAndPanel = stalled.split(" ");
                browser.switchTo().window(windowAndPanel[0]);
                Panels.waitUpTo(browser, 10, Panels.ALL).until(driver -> !driver
                        .findElements(By.cssSelector("#" + windowAndPanel[1] + " .status a[href^='https://'][href*=':" + sslPort + "/']"))
                        .isEmpty());
            }
        } finally {
            browser.quit();
            app.close();
        }
    }
}
