package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pushclock.ops.Wire;

/** A chunk is framed as HTTP/1.1 frames a body: its size in UTF-8 bytes, in hex, then the body and CRLF. */
class ChunkTest {

    @Test
    void theSizeIsTheBodysUtf8BytesInHex() {
        String zone = "{\"zone\":\"América/São_Paulo\"}\n";   // two characters of two bytes each
        Chunk chunk = Chunk.of(zone);

        assertEquals(zone.length() + 2, chunk.length());
        assertEquals("1f\r\n" + zone + "\r\n", new String(chunk.framed(), StandardCharsets.UTF_8));
        assertEquals(Wire.chunkBytes(chunk.length()), chunk.framed().length, "what is counted is what is written");
    }

    @Test
    void sizesOfSeveralHexDigits() {
        assertEquals("f\r\n", head(Chunk.of("x".repeat(15))));
        assertEquals("10\r\n", head(Chunk.of("x".repeat(16))));
        assertEquals("12c\r\n", head(Chunk.of("x".repeat(300))));
    }

    @Test
    void chunksJoinedAreOneChunkOfTheirBodies() {
        Chunk joined = Chunk.join(List.of(Chunk.of("a\n"), Chunk.of("é\n")));

        assertEquals("a\né\n", joined.body().toString(StandardCharsets.UTF_8));
        assertEquals("5\r\na\né\n\r\n", new String(joined.framed(), StandardCharsets.UTF_8));
    }

    private static String head(Chunk chunk) {
        String framed = new String(chunk.framed(), StandardCharsets.US_ASCII);
        return framed.substring(0, framed.indexOf('\n') + 1);
    }
}
