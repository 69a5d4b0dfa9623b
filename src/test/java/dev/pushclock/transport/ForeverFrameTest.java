package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.ManualTime;
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
            assertEquals(first.receivedMillis(), script.receivedMillis(), "the padding and the current tick come as one");
            assertTrue(script.text().matches("<script>parent\\.iframeTick\\(\\{.*\\}\\)</script>"), script.text());
            assertFalse(script.text().contains("</script><"), "one script per line");
        }
    }
}
