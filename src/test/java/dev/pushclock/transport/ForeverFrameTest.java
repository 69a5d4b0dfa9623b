package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.RawHttp;
import dev.pushclock.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What the forever frame adds to every stream: a document a browser starts running at once
 * (doctype, then at least a KiB before the first script, in the first chunk), one script per line.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class ForeverFrameTest {

    @TestHTTPResource("/iframe/clock")
    URI iframe;

    @Test
    void aDocumentWithAKibOfPaddingBeforeTheFirstScriptAllInTheFirstChunk() throws Exception {
        try (LineTap tap = LineTap.open(TestVertx.get(), iframe)) {
            LineTap.assertStatus(tap, 200);
            assertEquals("text/html;charset=utf-8", tap.headers(Duration.ofSeconds(5)).get("Content-Type"));
            LineTap.Line first = tap.next(Duration.ofSeconds(5));
            assertTrue(first.text().startsWith("<!DOCTYPE html>"), "first line: " + first);
            LineTap.Line script = tap.next(line -> line.startsWith("<script>"), Duration.ofSeconds(5));
            assertTrue(script.offset() >= 1024, "only " + script.offset() + " bytes before the first script");
            assertTrue(script.text().matches("<script>parent\\.iframeTick\\(\\{.*\\}\\)</script>"), script.text());
            assertFalse(script.text().contains("</script><"), "one script per line");
        }
    }

    @Test
    void thePaddingAndTheCurrentTickComeAsOneChunk() throws Exception {
        String request = "GET " + iframe.getPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String received = RawHttp.send(iframe, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5),
                text -> text.contains("</script>")).text();
        String body = received.substring(received.indexOf("\r\n\r\n") + 4);
        int sizeEnd = body.indexOf("\r\n");
        int size = Integer.parseInt(body.substring(0, sizeEnd), 16);
        String firstChunk = body.substring(sizeEnd + 2, Math.min(body.length(), sizeEnd + 2 + size));
        assertTrue(firstChunk.startsWith("<!DOCTYPE html>") && firstChunk.contains("<script>parent.iframeTick("),
                "the first chunk: " + firstChunk);
    }
}
