package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.pushclock.ops.Transport;
import dev.pushclock.proxy.Nginx;
import dev.pushclock.proxy.Replicas;
import dev.pushclock.transport.SocketTap;
import dev.pushclock.transport.TestVertx;

/**
 * The demo page's automatic panel behind a proxy that does not pass WebSockets on: it falls back
 * to another transport by itself and ticks there, its count missing nothing.
 *
 * <p>The proxy is deploy/nginx.conf without its two {@code #[websocket-upgrade]} lines, which is
 * how nginx proxies when nobody told it about WebSockets: Upgrade and Connection are hop-by-hop
 * headers, so the handshake reaches the replica as a plain GET and the browser's WebSocket fails
 * (the replica answers it with an error status, never 101). That is the failure found in the field far more often than a proxy
 * answering 403 to the upgrade, and it needs no line the shipped file does not have. Chromium
 * reports both the same way (the socket errors and closes before opening), so the fallback under
 * test is the same.
 */
class AutoPanelTicksWhenProxyRefusesWebSocketsIT {

    private static final Duration FALLBACK_WITHIN = Duration.ofSeconds(45);
    private static final int UPDATES = 5;

    private static String figure(ChromeDriver browser, String name) {
        WebElement panel = browser.findElements(By.id("auto")).stream().findFirst().orElse(null);
        return panel == null ? null : panel.getDomAttribute("data-" + name);
    }

    private static long count(ChromeDriver browser, String name) {
        String value = figure(browser, name);
        return value == null || value.isEmpty() ? -1 : Long.parseLong(value);
    }

    @Test
    void theAutomaticPanelFallsBackAndTicksWithNoGap() throws Exception {
        Browser.assumeAvailable();
        Nginx.assumeInstalled();
        try (Replicas replicas = Replicas.start(Map.of());
                Nginx nginx = Nginx.start(replicas.upstreams(), config -> config.without("websocket-upgrade"))) {
            assertThrows(Exception.class, () -> SocketTap.open(TestVertx.get(), nginx.uri(), Transport.WEBSOCKET.path()).close(),
                    "this nginx really refuses WebSocket upgrades");
            ChromeDriver browser = Browser.open(1280, 1800);
            try {
                browser.get(nginx.uri().toString());
                new WebDriverWait(browser, FALLBACK_WITHIN).withMessage(() -> "the automatic panel (#auto) "
                        + (figure(browser, "updates") == null ? "is not on the page" : "says transport "
                        + figure(browser, "transport") + ", " + figure(browser, "updates") + " updates"))
                        .until(driver -> count(browser, "updates") >= UPDATES);
                String transport = figure(browser, "transport");
                assertNotEquals("websocket", transport, "the automatic panel says it uses a WebSocket nginx never let through");
                assertEquals(0, count(browser, "missed"), "ticks missing from the automatic panel's count over " + transport);
                long updates = count(browser, "updates");
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> count(browser, "updates") >= updates + 3);
                assertEquals(transport, figure(browser, "transport"), "it stays on the transport that works");
                assertEquals(0, count(browser, "missed"), "ticks missing from the automatic panel's count over " + transport);
            } finally {
                browser.quit();
            }
        }
    }
}
