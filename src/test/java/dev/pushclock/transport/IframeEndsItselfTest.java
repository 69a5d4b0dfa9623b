package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The forever frame ends itself somewhere in the last quarter of {@code pushclock.iframe.max-bytes},
 * with a script that tells the page to open a fresh one and a properly closed document and chunked body.
 */
@QuarkusTest
@TestProfile(IframeEndsItselfTest.SmallFrame.class)
class IframeEndsItselfTest {

    /** A forever frame that fills up after a few ticks. */
    public static class SmallFrame extends ManualTime {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pushclock.iframe.padding", "1024", "pushclock.iframe.max-bytes", "2400");
        }
    }

    @TestHTTPResource("/iframe/clock")
    URI iframe;

    @Test
    void afterMaxBytesTheDocumentEndsAndAsksToBeReopened() throws Exception {
        Clockwork clock = Clockwork.here();
        try (LineTap tap = LineTap.open(TestVertx.get(), iframe)) {
            ended(tap, clock);
            List<LineTap.Line> lines = tap.drain();
            LineTap.Line last = lines.get(lines.size() - 1);
            assertEquals("</body></html>", last.text());
            assertEquals("<script>parent.iframeEnd(\"full\")</script>", lines.get(lines.size() - 2).text());
            long total = last.offset() + last.text().length() + 1;
            // somewhere in the last quarter of the 2400 allowed, plus the chunk that crossed the line
            assertTrue(total >= 1800 && total < 2400 + 300, "ended after " + total + " bytes, not about 2400");
        }
    }

    /** Ticks (or waits for the real clock) until the document ends; at most 20 ticks. */
    private static void ended(LineTap tap, Clockwork clock) throws Exception {
        for (int tick = 0; tick < 20; tick++) {
            try {
                tap.awaitEnd(Duration.ofMillis(clock.manual() ? 100 : 1100));
                return;
            } catch (TimeoutException notYet) {
                clock.tick();
            }
        }
        tap.awaitEnd(Duration.ofSeconds(2));
    }
}
