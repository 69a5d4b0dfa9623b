package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An HTTP/1.0 client (a proxy that speaks no more, a script) has no chunked encoding: its stream
 * comes as the plain body, tick after tick as the clock reaches each, never framed in chunks, which
 * only an HTTP/1.1 stream's are written as.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class StreamsOverHttp10Test {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TestHTTPResource("/")
    URI root;

    @ParameterizedTest
    @CsvSource({ "/api/clock/stream", "/api/clock/events" })
    void ticksComeUnframedAsTheClockReachesThem(String path) throws Exception {
        Clockwork clock = Clockwork.here();
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(100);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream received = new ByteArrayOutputStream();

            String first = readUntilTicks(socket.getInputStream(), received, 1, 5000);
            clock.tick();
            String both = readUntilTicks(socket.getInputStream(), received, 2, 1500);

            int headEnd = both.indexOf("\r\n\r\n");
            String head = both.substring(0, headEnd).toLowerCase(Locale.ROOT);
            String body = both.substring(headEnd + 4);
            assertTrue(head.startsWith("http/1.0 200"), head);
            assertFalse(head.contains("transfer-encoding"), head);
            assertFalse(body.contains("\r\n"), "an HTTP/1.0 body framed in chunks: " + body);
            assertEquals(seqs(first).get(0) + 1, seqs(both).get(1), "the next tick, and no other: " + body);
        }
    }

    /** What came until the body held {@code ticks} ticks, read for at most {@code millis}. */
    private static String readUntilTicks(InputStream in, ByteArrayOutputStream received, int ticks, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        byte[] buffer = new byte[4096];
        while (seqs(received.toString(StandardCharsets.UTF_8)).size() < ticks) {
            assertTrue(System.currentTimeMillis() < deadline, ticks + " ticks not come in " + millis + " ms: " + received);
            try {
                int read = in.read(buffer);
                assertTrue(read >= 0, "the server closed the stream: " + received);
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException nothingYet) {
                // until the deadline
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static List<Long> seqs(String text) {
        List<Long> seqs = new ArrayList<>();
        Matcher matcher = SEQ.matcher(text);
        while (matcher.find()) {
            seqs.add(Long.parseLong(matcher.group(1)));
        }
        return seqs;
    }
}
