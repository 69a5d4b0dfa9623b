package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The forever frame streams: padding first, then a script per tick, each arriving a tick apart. */
@QuarkusTest
class IframeStreamsTicksTest {

    private static final Pattern SCRIPT = Pattern.compile("<script>parent\\.iframeTick\\((\\{.*\\})\\)</script>");
    private static final Duration TICK_AND_A_HALF = Duration.ofMillis(1500);

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/iframe/clock")
    URI iframe;

    static JsonObject tickIn(String scriptLine) {
        Matcher script = SCRIPT.matcher(scriptLine);
        assertTrue(script.matches(), "not a tick script: " + scriptLine);
        return new JsonObject(script.group(1));
    }

    @Test
    void paddingThenTheCurrentTickThenOneScriptPerTickArrivingATickApart() throws Exception {
        try (LineTap tap = LineTap.open(vertx, iframe)) {
            LineTap.assertStatus(tap, 200);
            MultiMap headers = tap.headers(Duration.ofSeconds(5));
            assertEquals("text/html;charset=utf-8", headers.get("Content-Type"));
            assertEquals("chunked", headers.get("Transfer-Encoding"));
            assertEquals("no-cache, no-transform", headers.get("Cache-Control"));
            assertEquals("no", headers.get("X-Accel-Buffering"));

            String first = tap.next(Duration.ofSeconds(5)).text();
            assertTrue(first.startsWith("<!DOCTYPE html>"), "first line: " + first);
            LineTap.Line current = tap.next(line -> line.startsWith("<script>"), Duration.ofSeconds(5));
            assertTrue(current.offset() >= 1024, "only " + current.offset() + " bytes before the first script");
            long firstSeq = tickIn(current.text()).getLong("seq");
            assertTrue(Math.abs(firstSeq - System.currentTimeMillis() / 1000) <= 1, "not the current tick: " + firstSeq);

            LineTap.Line next = tap.next(TICK_AND_A_HALF);
            LineTap.Line afterThat = tap.next(TICK_AND_A_HALF);
            assertEquals(firstSeq + 1, tickIn(next.text()).getLong("seq"));
            assertEquals(firstSeq + 2, tickIn(afterThat.text()).getLong("seq"));
            long gap = afterThat.receivedMillis() - next.receivedMillis();
            assertTrue(gap >= 500, "two ticks arrived " + gap + " ms apart: buffered, not streamed");
        }
    }

    @Test
    void theZoneAppliesToEveryScript() throws Exception {
        try (LineTap tap = LineTap.open(vertx, URI.create(iframe + "?zone=Asia/Kolkata"))) {
            LineTap.Line current = tap.next(line -> line.startsWith("<script>"), Duration.ofSeconds(5));
            JsonObject tick = tickIn(current.text());
            assertEquals("Asia/Kolkata", tick.getString("zone"));
            assertTrue(tick.getString("iso").endsWith("+05:30"), tick.getString("iso"));
            assertFalse(current.text().contains("</script><"), "one script per line");
        }
    }
}
