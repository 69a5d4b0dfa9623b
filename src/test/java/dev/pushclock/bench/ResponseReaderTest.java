package dev.pushclock.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The long-poll generator's response reader: every way the servers it measures frame an answer, in any split. */
class ResponseReaderTest {

    private static final String TICK = "{\"seq\":7,\"epochMillis\":7000}";
    private static final String PUSHCLOCK = "HTTP/1.1 200 OK\r\ncache-control: no-cache\r\ncontent-type: application/json;charset=UTF-8\r\n"
            + "content-length: " + TICK.length() + "\r\n\r\n" + TICK;
    private static final String NCHAN = "HTTP/1.1 200 OK\r\nServer: nginx\r\nLast-Modified: Sat, 05 Dec 2026 01:00:07 GMT\r\n"
            + "Etag: \"0\"\r\nContent-Length: " + TICK.length() + "\r\n\r\n" + TICK;
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "a;x=y\r\n" + TICK.substring(0, 10) + "\r\n" + Integer.toHexString(TICK.length() - 10) + "\r\n" + TICK.substring(10)
            + "\r\n0\r\nX-Trailer: 1\r\n\r\n";
    private static final String NO_TICK = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";

    @Test
    void readsEachFramingWholeAndSplitAtEveryByte() {
        for (String wire : List.of(PUSHCLOCK, NCHAN, CHUNKED)) {
            for (int split = 0; split <= wire.length(); split++) {
                List<ResponseReader.Response> got = read(wire.substring(0, split), wire.substring(split));
                assertEquals(1, got.size(), "split at " + split + " of " + wire);
                assertEquals(200, got.get(0).status());
                assertArrayEquals(TICK.getBytes(StandardCharsets.US_ASCII), got.get(0).body(), "split at " + split);
                assertFalse(got.get(0).close());
            }
        }
    }

    @Test
    void keepsNchansValidatorsWhateverTheirCase() {
        ResponseReader.Response nchan = read(NCHAN).get(0);
        assertEquals("Sat, 05 Dec 2026 01:00:07 GMT", nchan.lastModified());
        assertEquals("\"0\"", nchan.etag());
        assertNull(read(PUSHCLOCK).get(0).etag());
    }

    @Test
    void readsResponsesThatShareARead() {
        List<ResponseReader.Response> got = read(PUSHCLOCK + NO_TICK + NCHAN.substring(0, 20), NCHAN.substring(20) + CHUNKED);
        assertEquals(List.of(200, 204, 200, 200), got.stream().map(ResponseReader.Response::status).toList());
        assertTrue(got.get(1).close(), "a 204 with Connection: close");
        assertEquals(0, got.get(1).body().length);
    }

    @Test
    void passesOverInterimResponsesAndHearsCloseInAList() {
        List<ResponseReader.Response> got = read("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\nConnection: keep-alive, Close\r\n\r\n");
        assertEquals(1, got.size());
        assertEquals(204, got.get(0).status());
        assertTrue(got.get(0).close());
    }

    @Test
    void refusesWhatItCannotFrame() {
        assertThrows(ResponseReader.Malformed.class, () -> read("HTTP/1.1 200 OK\r\n\r\n"));
        assertThrows(ResponseReader.Malformed.class, () -> read("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(ResponseReader.Malformed.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"));
        assertThrows(ResponseReader.Malformed.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
    }

    @Test
    void releasesWhatItReadsAndWhatItKept() {
        ResponseReader reader = new ResponseReader();
        ByteBuf whole = ascii(PUSHCLOCK);
        ByteBuf first = ascii(NCHAN.substring(0, 30));
        ByteBuf rest = ascii(NCHAN.substring(30));
        List<ResponseReader.Response> got = new ArrayList<>();
        reader.read(whole, got::add);
        reader.read(first, got::add);
        reader.read(rest, got::add);
        assertEquals(2, got.size());
        assertEquals(0, whole.refCnt());
        assertEquals(0, first.refCnt());
        assertEquals(0, rest.refCnt());
    }

    private static List<ResponseReader.Response> read(String... reads) {
        ResponseReader reader = new ResponseReader();
        List<ResponseReader.Response> got = new ArrayList<>();
        for (String bytes : reads) {
            reader.read(ascii(bytes), got::add);
        }
        reader.release();
        return got;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
