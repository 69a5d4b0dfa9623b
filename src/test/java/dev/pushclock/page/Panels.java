package dev.pushclock.page;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page's panels as the browser tests read them: the DOM contract documented in
 * {@code page/panel.js} (id, data-transport, data-status, data-updates, data-first-seq,
 * data-last-seq, data-missed), never the English text.
 */
final class Panels {

    /** The six techniques, by transport id. */
    static final List<String> TECHNIQUES = List.of("poll", "long-poll", "iframe", "websocket", "sse", "ndjson");
    /** Every panel: the automatic one and the six techniques. */
    static final List<String> ALL = List.of("auto", "poll", "long-poll", "iframe", "websocket", "sse", "ndjson");
    /** The techniques that hold one of the browser's HTTP/1.1 connections while they run. */
    static final List<String> HOLDING = List.of("long-poll", "iframe", "sse", "ndjson");
    /** The techniques that carry a cursor: a reconnect replays every tick since. */
    static final List<String> STREAMS = List.of("iframe", "websocket", "sse", "ndjson");

    private Panels() {
    }

    /** A numeric data- attribute of a panel, or -1 while it has none. */
    static long figure(WebDriver browser, String id, String name) {
        String value = browser.findElement(By.id(id)).getDomAttribute("data-" + name);
        return value == null || value.isEmpty() ? -1 : Long.parseLong(value);
    }

    /** The updates every panel shows now, by id. */
    static Map<String, Long> updates(WebDriver browser) {
        Map<String, Long> updates = new HashMap<>();
        ALL.forEach(id -> updates.put(id, figure(browser, id, "updates")));
        return updates;
    }

    /** Every panel is live and has ticked at least {@code ticks} more times than {@code before} says (0 where it says nothing). */
    static boolean allLiveAndTickedSince(WebDriver browser, Map<String, Long> before, int ticks) {
        return ALL.stream().allMatch(id -> "live".equals(status(browser, id))
                && figure(browser, id, "updates") >= before.getOrDefault(id, 0L) + ticks);
    }

    static String status(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getDomAttribute("data-status");
    }

    static String statusText(WebDriver browser, String id) {
        return browser.findElement(By.cssSelector("#" + id + " .status")).getText();
    }

    /** The updates a panel shows, its last seq and first seq, and what it missed: no tick lost means updates = last - first + 1. */
    static boolean countsEveryTick(WebDriver browser, String id) {
        // read in one script, so that no tick lands between one figure and the next
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("const d = document.getElementById(arguments[0]).dataset;"
                + " return d.missed === '0' && Number(d.updates) === Number(d.lastSeq) - Number(d.firstSeq) + 1;", id));
    }

    static String describe(WebDriver browser, List<String> ids) {
        return ids.stream().map(id -> {
            WebElement panel = browser.findElement(By.id(id));
            return id + ": " + panel.getDomAttribute("data-status") + " over " + panel.getDomAttribute("data-transport")
                    + ", " + panel.getDomAttribute("data-updates") + " updates, seq " + panel.getDomAttribute("data-first-seq")
                    + ".." + panel.getDomAttribute("data-last-seq") + ", missed " + panel.getDomAttribute("data-missed")
                    + " (" + statusText(browser, id) + ")";
        }).collect(Collectors.joining("\n", "\n", ""));
    }

    /** A bounded wait that, when it runs out, says what every panel of the page in front showed. */
    static WebDriverWait waitUpTo(WebDriver browser, int seconds, List<String> ids) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.withMessage(() -> describe(browser, ids));
        return wait;
    }

    static Object script(WebDriver browser, String javascript) {
        return ((JavascriptExecutor) browser).executeScript(javascript);
    }

    /**
     * The protocol the browser really spoke to the server ('http/1.1', 'h2'), as it recorded it for
     * the page's /api/stats requests: fetched past the cache, so never a revalidated page that records none.
     */
    static String protocol(WebDriver browser) {
        waitUpTo(browser, 15, List.of()).withMessage(() -> "the page fetched no /api/stats").until(driver -> script(driver,
                "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/api/stats') && e.nextHopProtocol)"));
        return (String) script(browser, "return performance.getEntriesByType('resource')"
                + ".find(e => e.name.endsWith('/api/stats') && e.nextHopProtocol).nextHopProtocol");
    }

    static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.write(Path.of("target", name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
