package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.pushclock.packaged.PackagedApp;

/**
 * Behind a real nginx that does not pass WebSocket upgrades, the automatic panel gives up the
 * WebSocket, says so in its list of switches, ticks over the next transport (an event stream) and
 * counts every tick from its first one: nothing lost in the switch.
 */
class AutomaticPanelFallsBackIT {

    @Test
    void withoutWebSocketsTheAutomaticPanelTicksOverAnotherTransportWithNoGap() throws Exception {
        Browser.assumeAvailable();
        ProxyWithoutWebSocket.assumeAvailable();
        ChromeDriver browser = Browser.open(1024, 900);
        try (PackagedApp app = PackagedApp.start(0, Map.of()); ProxyWithoutWebSocket proxy = ProxyWithoutWebSocket.start(app.port())) {
            browser.get(proxy.uri().resolve("/?panels=auto").toString());
            List<String> auto = List.of("auto");
            Panels.waitUpTo(browser, 30, auto).until(driver -> "live".equals(Panels.status(browser, "auto"))
                    && Panels.figure(browser, "auto", "updates") >= 2);
            long shown = Panels.figure(browser, "auto", "updates");
            Panels.waitUpTo(browser, 15, auto).until(driver -> Panels.figure(browser, "auto", "updates") >= shown + 3);
            Panels.screenshot(browser, "auto-without-websocket");

            String seen = Panels.describe(browser, auto);
            WebElement panel = browser.findElement(By.id("auto"));
            List<WebElement> switches = browser.findElements(By.cssSelector("#auto .switches li"));
            assertAll(seen,
                    () -> assertEquals("sse", panel.getDomAttribute("data-transport"), "the next best transport"),
                    () -> assertTrue(switches.stream().anyMatch(change -> "websocket".equals(change.getDomAttribute("data-from"))
                            && "sse".equals(change.getDomAttribute("data-to"))), "no switch from websocket to sse listed"),
                    () -> assertTrue(switches.stream().allMatch(change -> !change.getDomAttribute("data-reason").isBlank()),
                            "a switch without its reason"),
                    () -> assertNotEquals(0, switches.size()),
                    () -> assertTrue(Panels.countsEveryTick(browser, "auto"), "the switch lost ticks"));
        } finally {
            browser.quit();
        }
    }
}
