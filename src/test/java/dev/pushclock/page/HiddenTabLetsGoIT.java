package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.pushclock.packaged.PackagedApp;
import dev.pushclock.testing.ServerStats;

/**
 * Over HTTP/1.1 two tabs of the page need more than the browser's six connections to the server.
 * A tab behind another is hidden (really: Chromium reports a background tab as hidden and fires
 * visibilitychange, headless or not; nothing here simulates it), lets go of its connections after a
 * short grace, and the tab in front then ticks in all six panels and the automatic one. Brought to
 * the front again, the first tab resumes from its cursors.
 */
class HiddenTabLetsGoIT {

    @Test
    void theVisibleTabOfTwoTicksInEveryPanelAndTheHiddenOneResumesWhenShown() throws Exception {
        Browser.assumeAvailable();
        ChromeDriver browser = Browser.open(1280, 1700);
        PackagedApp app = PackagedApp.start(0, Map.of());
        try {
            browser.get(app.uri().toString());
            String first = browser.getWindowHandle();
            Panels.waitUpTo(browser, 30, Panels.ALL).until(driver -> Panels.ALL.stream()
                    .allMatch(id -> Panels.figure(browser, id, "updates") >= 2));
            assertEquals("http/1.1", Panels.protocol(browser));

            browser.switchTo().newWindow(WindowType.TAB);
            String second = browser.getWindowHandle();
            browser.get(app.uri().toString());
            Panels.waitUpTo(browser, 30, Panels.ALL).until(driver -> Panels.allLiveAndTickedSince(browser, Map.of(), 3));
            Map<String, Long> before = Panels.updates(browser);
            Panels.waitUpTo(browser, 15, Panels.ALL).until(driver -> Panels.allLiveAndTickedSince(browser, before, 3));
            Panels.screenshot(browser, "http11-visible-tab");
            // the server sees the hidden tab's streams close (a forever frame's, on its next write)
            Panels.waitUpTo(browser, 10, Panels.ALL).withMessage(() -> "the hidden tab still holds some of: iframe, ndjson, long-poll")
                    .until(driver -> Stream.of("iframe", "ndjson", "long-poll").allMatch(held -> ServerStats.connections(app.uri(), held) <= 1));

            // the first tab, in front again: it resumes, and once the second has let go, ticks in every panel
            browser.switchTo().window(first);
            assertEquals("visible", Panels.script(browser, "return document.visibilityState"));
            Map<String, Long> shown = Panels.updates(browser);
            Panels.waitUpTo(browser, 30, Panels.ALL).until(driver -> Panels.allLiveAndTickedSince(browser, shown, 3));
            Panels.screenshot(browser, "http11-tab-shown-again");
            assertAll(Panels.describe(browser, Panels.ALL),
                    () -> assertTrue(Panels.countsEveryTick(browser, "sse"), "the event stream resumed from its last id"),
                    () -> assertTrue(Panels.countsEveryTick(browser, "auto"), "the automatic panel resumed from its cursor"));
            // needs the server's cursor (after=) on the NDJSON stream, the forever frame and the WebSocket
            assertAll(Panels.describe(browser, Panels.ALL),
                    () -> assertTrue(Panels.countsEveryTick(browser, "ndjson"), "ndjson resumed from its cursor"),
                    () -> assertTrue(Panels.countsEveryTick(browser, "iframe"), "the forever frame resumed from its cursor"),
                    () -> assertTrue(Panels.countsEveryTick(browser, "websocket"), "the WebSocket resumed from its cursor"));
            browser.switchTo().window(second);
            browser.close();
        } finally {
            browser.quit();
            app.close();
        }
    }
}
