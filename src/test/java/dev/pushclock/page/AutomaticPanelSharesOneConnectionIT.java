package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.pushclock.packaged.PackagedApp;
import dev.pushclock.testing.ServerStats;

/**
 * pushclock.js with shareAcrossTabs: three pages of the automatic panel alone ({@code ?panels=auto})
 * cost the server one connection, all three tick, and when the page that holds it closes, another
 * takes the lead and resumes from its cursor: no tick missing from any count. Pages in windows side
 * by side, all visible, since a hidden page lets go of its lead (and would cost nothing anyway).
 */
class AutomaticPanelSharesOneConnectionIT {

    private static String role(ChromeDriver browser) {
        return browser.findElement(org.openqa.selenium.By.id("auto")).getDomAttribute("data-role");
    }

    @Test
    void threeWindowsCostTheServerOneConnectionAndTheLeadMovesWithoutLosingATick() throws Exception {
        Browser.assumeAvailable();
        ChromeDriver browser = Browser.open(1024, 900);
        PackagedApp app = PackagedApp.start(0, Map.of());
        URI page = app.uri().resolve("/?panels=auto");
        try {
            List<String> windows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    browser.switchTo().newWindow(WindowType.WINDOW);
                }
                browser.get(page.toString());
                windows.add(browser.getWindowHandle());
                Panels.waitUpTo(browser, 30, Panels.ALL).until(driver -> Panels.figure(browser, "auto", "updates") >= 2);
            }
            String leader = null;
            for (String window : windows) {
                browser.switchTo().window(window);
                long shown = Panels.figure(browser, "auto", "updates");
                Panels.waitUpTo(browser, 10, Panels.ALL).until(driver -> Panels.figure(browser, "auto", "updates") >= shown + 2);
                assertEquals("live", Panels.status(browser, "auto"));
                if ("leader".equals(role(browser))) {
                    assertNull(leader, "two leaders");
                    leader = window;
                } else {
                    assertEquals("follower", role(browser));
                }
            }
            assertTrue(leader != null, "no window leads");
            assertEquals(1, ServerStats.allConnections(app.uri()), "three windows, one connection to the server");
            Panels.screenshot(browser, "auto-shared-follower");

            browser.switchTo().window(leader);
            browser.close();
            windows.remove(leader);
            for (String window : windows) {
                browser.switchTo().window(window);
                long shown = Panels.figure(browser, "auto", "updates");
                Panels.waitUpTo(browser, 30, Panels.ALL).until(driver -> Panels.figure(browser, "auto", "updates") >= shown + 3);
                assertTrue(Panels.countsEveryTick(browser, "auto"), "a tick went missing when the lead moved"
                        + Panels.describe(browser, List.of("auto")));
            }
            long leaders = windows.stream().filter(window -> {
                browser.switchTo().window(window);
                return "leader".equals(role(browser));
            }).count();
            assertEquals(1, leaders, "one of the two windows left leads");
            Panels.waitUpTo(browser, 10, Panels.ALL).until(driver -> {
                return ServerStats.allConnections(app.uri()) == 1;
            });
        } finally {
            browser.quit();
            app.close();
        }
    }
}
