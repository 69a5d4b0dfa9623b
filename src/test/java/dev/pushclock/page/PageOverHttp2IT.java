package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.pushclock.packaged.PackagedApp;
import dev.pushclock.testing.ServerStats;

/**
 * Over HTTPS the browser speaks HTTP/2 to the service and carries every request of every tab over
 * one connection, so the six-connection limit of HTTP/1.1 is gone: three pages at once each tick
 * in every panel. Pages in windows side by side, because in headless Chromium (as in any Chromium)
 * a tab behind another is really hidden, and a hidden tab lets go of its connections by design;
 * three tabs are checked by bringing each to the front in turn.
 */
class PageOverHttp2IT {

    private static PackagedApp app;
    private static URI https;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        int sslPort = PackagedApp.freePort();
        app = PackagedApp.start(0, LocalTls.config(sslPort));
        https = URI.create("https://localhost:" + sslPort + "/");
        browser = Browser.open(1280, 1700, LocalTls.BROWSER_ARGUMENT);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void threeWindowsTickInEveryPanelAtOnce() throws Exception {
        List<String> windows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                browser.switchTo().newWindow(WindowType.WINDOW);
            }
            browser.get(https.toString());
            windows.add(browser.getWindowHandle());
        }
        List<Map<String, Long>> before = new ArrayList<>();
        for (String window : windows) {
            browser.switchTo().window(window);
            Panels.waitUpTo(browser, 30, Panels.ALL).until(driver -> Panels.allLiveAndTickedSince(browser, Map.of(), 2));
            assertEquals("h2", Panels.protocol(browser), "the page did not come over HTTP/2");
            assertEquals("h2", browser.findElement(By.id("protocol")).getDomAttribute("data-protocol"),
                    "the page does not know it came over HTTP/2, and would ration its connections");
            before.add(Panels.updates(browser));
        }
        // each window again: all kept ticking while the others did too
        for (int i = 0; i < windows.size(); i++) {
            browser.switchTo().window(windows.get(i));
            Map<String, Long> since = before.get(i);
            Panels.waitUpTo(browser, 15, Panels.ALL).until(driver -> Panels.allLiveAndTickedSince(browser, since, 3));
            Panels.screenshot(browser, "page-http2-window-" + (i + 1));
        }
        for (String held : Panels.HOLDING) {
            if (!held.equals("long-poll")) {        // a long-poll is between two requests now and then
                assertEquals(3, ServerStats.connections(app.uri(), held), held + ": one per window, all open at once");
            }
        }
        for (int i = windows.size() - 1; i > 0; i--) {
            browser.switchTo().window(windows.get(i));
            browser.close();
        }
        browser.switchTo().window(windows.get(0));
    }

    @Test
    void threeTabsEachTickInEveryPanelWhenInFront() throws Exception {
        List<String> tabs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                browser.switchTo().newWindow(WindowType.TAB);
            }
            browser.get(https.toString());
            tabs.add(browser.getWindowHandle());
        }
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            assertEquals("visible", Panels.script(browser, "return document.visibilityState"));
            Map<String, Long> shown = Panels.updates(browser);
            Panels.waitUpTo(browser, 20, Panels.ALL).until(driver -> Panels.allLiveAndTickedSince(browser, shown, 3));
            assertEquals("h2", Panels.protocol(browser));
            assertTrue(Panels.ALL.stream().noneMatch(id -> "waiting".equals(Panels.status(browser, id))),
                    Panels.describe(browser, Panels.ALL));
        }
        for (int i = tabs.size() - 1; i > 0; i--) {
            browser.switchTo().window(tabs.get(i));
            browser.close();
        }
        browser.switchTo().window(tabs.get(0));
    }
}
