package dev.pushclock.page;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The demo page in a real browser: every panel ticks with the server's clock, each through its
 * own technique, and shows its cost; the automatic panel ticks over the best transport, a
 * WebSocket; a change of zone reaches every panel; the page finishes loading and logs no errors.
 */
@QuarkusTest
class DemoPageInBrowserTest {

    static final List<String> TRANSPORTS = Panels.TECHNIQUES;

    static ChromeDriver browser;

    @TestHTTPResource("/")
    URI page;

    @BeforeAll
    static void openBrowser() throws Exception {
        Browser.assumeAvailable();
        browser = Browser.open(1280, 1800);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static Object script(String javascript) {
        return ((JavascriptExecutor) browser).executeScript(javascript);
    }

    private static Map<String, Long> updates() {
        Map<String, Long> updates = new HashMap<>();
        for (String id : Panels.ALL) {
            updates.put(id, Long.parseLong(browser.findElement(By.cssSelector("#" + id + " .updates")).getText()));
        }
        return updates;
    }

    private static long stat(String transport, String figure) {
        return new JsonObject(given().get("/api/stats").asString()).getJsonObject(transport).getLong(figure);
    }

    /** "type path" for each request in Chromium's network log, WebSockets included. */
    private static Set<String> networkRequests() {
        Set<String> requests = new TreeSet<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message");
            JsonObject params = message.getJsonObject("params");
            switch (message.getString("method")) {
                case "Network.requestWillBeSent" -> requests.add(params.getString("type") + " "
                        + URI.create(params.getJsonObject("request").getString("url")).getPath());
                case "Network.webSocketCreated" -> requests.add("WebSocket " + URI.create(params.getString("url")).getPath());
                default -> {
                }
            }
        }
        return requests;
    }

    @Test
    void everyPanelTicksWithTheServerThroughItsOwnTechnique() throws Exception {
        Map<String, Long> before = new HashMap<>();
        for (String id : TRANSPORTS) {
            before.put(id, stat(id, "messages"));
        }
        browser.get(page.toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> "complete".equals(script("return document.readyState")));
        wait.until(driver -> updates().values().stream().allMatch(count -> count >= 2));

        // each panel's time agrees with the server's clock
        for (String id : TRANSPORTS) {
            LocalTime shown = LocalTime.parse(browser.findElement(By.cssSelector("#" + id + " .time")).getText());
            LocalTime server = LocalTime.parse(given().accept("text/plain").get("/api/clock").asString());
            long apart = Math.abs(Duration.between(shown, server).toSeconds());
            assertTrue(apart <= 2, id + " shows " + shown + ", the server says " + server);
        }

        // counts go up once per tick: about five in five seconds, not zero and not a burst
        Map<String, Long> start = updates();
        long startedAt = System.currentTimeMillis();
        wait.until(driver -> System.currentTimeMillis() - startedAt >= 5000);
        Map<String, Long> end = updates();
        for (String id : Panels.ALL) {
            long gained = end.get(id) - start.get(id);
            assertTrue(gained >= 4 && gained <= 6, id + " counted " + gained + " updates in 5 s");
        }
        for (String id : Panels.ALL) {
            assertEquals("live", Panels.status(browser, id), Panels.describe(browser, Panels.ALL));
        }
        for (String id : Panels.STREAMS) {
            assertTrue(Panels.countsEveryTick(browser, id), Panels.describe(browser, Panels.STREAMS));
        }

        // the automatic panel: pushclock.js on the best transport there is here, with nothing to switch from
        WebElement auto = browser.findElement(By.id("auto"));
        assertEquals("websocket", auto.getDomAttribute("data-transport"));
        assertEquals("leader", auto.getDomAttribute("data-role"), "alone, this tab holds the connection");
        assertEquals(0, browser.findElements(By.cssSelector("#auto .switches li")).size());
        assertTrue(Panels.countsEveryTick(browser, "auto"), Panels.describe(browser, List.of("auto")));

        // each technique is really in use: the browser's own network log names how each request was made
        Set<String> requests = networkRequests();
        for (String expected : List.of("Fetch /api/clock", "Fetch /api/clock/next", "Fetch /api/clock/stream",
                "EventSource /api/clock/events", "Document /iframe/clock", "WebSocket /ws/clock")) {
            assertTrue(requests.contains(expected), "no " + expected + " in " + requests);
        }
        assertEquals(1L, script("return document.querySelectorAll('iframe[src*=\"/iframe/clock\"]').length"),
                "the iframe panel is fed by one hidden forever frame");
        for (String id : TRANSPORTS) {
            assertTrue(stat(id, "messages") > before.get(id), id + " sent nothing to the page");
        }

        // lag and bytes per update are numbers
        wait.until(driver -> TRANSPORTS.stream().allMatch(
                id -> driver.findElement(By.cssSelector("#" + id + " .bytes")).getText().matches("\\d+ B")));
        for (String id : TRANSPORTS) {
            WebElement panel = browser.findElement(By.id(id));
            assertTrue(panel.findElement(By.cssSelector(".lag")).getText().matches("-?\\d+ ms"), id);
            assertTrue(panel.findElement(By.cssSelector(".bytes")).getText().matches("\\d+ B"), id);
        }
        assertEquals(6, browser.findElements(By.cssSelector("#ranking tbody tr")).size());
        assertEquals(6, browser.findElements(By.cssSelector("#lag-chart polyline")).size());

        Path screenshot = Path.of("target", "demo-page.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        // friendly to assistive technology: named clocks and controls, status announced politely
        for (String id : Panels.ALL) {
            WebElement panel = browser.findElement(By.id(id));
            WebElement time = panel.findElement(By.cssSelector(".time"));
            assertEquals("timer", time.getDomAttribute("role"), id);
            assertTrue(time.getDomAttribute("aria-label").startsWith("Server time by"), id);
            assertEquals("polite", panel.findElement(By.cssSelector(".status")).getDomAttribute("aria-live"), id);
            assertTrue(panel.findElement(By.cssSelector("button.reconnect")).getDomAttribute("aria-label")
                    .startsWith("Reconnect"), id);
        }
        assertEquals("zone", browser.findElement(By.cssSelector("label[for=zone]")).getDomAttribute("for"));

        // a phone-width screen: nothing wider than the screen, every panel still ticking
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Map<String, Long> narrow = updates();
        wait.until(driver -> Panels.ALL.stream().allMatch(id -> updates().get(id) > narrow.get(id)));
        assertEquals(Boolean.TRUE, script("return document.documentElement.scrollWidth <= window.innerWidth"),
                "the page scrolls sideways on a phone; too wide: " + script("return [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                        + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"));
        Files.write(Path.of("target", "demo-page-phone.png"), browser.getScreenshotAs(OutputType.BYTES));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .toList();
        assertTrue(errors.isEmpty(), "console errors: "
                + errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n")));

        // another zone: every panel shows its time (the WebSocket panel after a command up its socket,
        // the others by reconnecting from their cursor)
        new Select(browser.findElement(By.id("zone"))).selectByValue("Asia/Tokyo");
        wait.until(driver -> Panels.ALL.stream().allMatch(id -> {
            LocalTime shown = LocalTime.parse(driver.findElement(By.cssSelector("#" + id + " .time")).getText());
            LocalTime tokyo = LocalTime.parse(given().accept("text/plain").queryParam("zone", "Asia/Tokyo").get("/api/clock").asString());
            return Math.abs(Duration.between(shown, tokyo).toSeconds()) <= 2;
        }));
    }
}
