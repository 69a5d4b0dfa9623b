package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * The forever frame ends itself once it has sent about {@code pushclock.iframe.max-bytes}, with a script
 * that tells the page to open a fresh one and a properly closed document and chunked body.
 */
@QuarkusTest
@TestProfile(SmallFrameProfile.class)
class IframeEndsItselfTest {

    static final Vertx vertx = TestVertx.get();

    @TestHTTPResource("/iframe/clock")
    URI iframe;

    @Test
    void afterMaxBytesTheDocumentEndsAndAsksToBeReopened() throws Exception {
        try (LineTap tap = LineTap.open(vertx, iframe)) {
            tap.awaitEnd(Duration.ofSeconds(15));
            List<LineTap.Line> lines = tap.drain();
            LineTap.Line last = lines.get(lines.size() - 1);
            assertEquals("</body></html>", last.text());
            assertEquals("<script>parent.iframeEnd(\"full\")</script>", lines.get(lines.size() - 2).text());
            long total = last.offset() + last.text().length() + 1;
            // somewhere in the last quarter of the 2400 allowed, plus the chunk that crossed the line
            assertTrue(total >= 1800 && total < 2400 + 200, "ended after " + total + " bytes, not about 2400");
        }
    }
}
