package dev.pushclock.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * A chunked stream's frame, rendered once for every client in its zone in both the forms it is
 * written in: its body, for Vert.x to frame (the head's first write, HTTP/2), and the whole HTTP/1.1
 * chunk (size line, body, CRLF), for the connections that take it as it is ({@link ChunkedSink}).
 */
record Chunk(Buffer body, byte[] framed) {

    static Chunk of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Several frames written as one chunk: what a returning client is owed at once. */
    static Chunk join(List<Chunk> chunks) {
        Buffer joined = Buffer.buffer();
        chunks.forEach(chunk -> joined.appendBuffer(chunk.body()));
        return of(joined.getBytes());
    }

    int length() {
        return body.length();
    }

    private static Chunk of(byte[] body) {
        byte[] size = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[size.length + body.length + 2];
        System.arraycopy(size, 0, framed, 0, size.length);
        System.arraycopy(body, 0, framed, size.length, body.length);
        framed[framed.length - 2] = '\r';
        framed[framed.length - 1] = '\n';
        return new Chunk(Buffer.buffer(body), framed);
    }
}
