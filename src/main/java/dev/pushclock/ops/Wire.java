package dev.pushclock.ops;

import java.util.function.BiConsumer;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

/** How many bytes HTTP/1.1 and WebSocket framing put on the wire around a payload. */
public final class Wire {

    /** The chunk that ends a chunked body: {@code 0\r\n\r\n}. */
    public static final int LAST_CHUNK_BYTES = 5;

    /**
     * The 101 response Netty writes for a WebSocket upgrade without subprotocol or extensions:
     * {@code HTTP/1.1 101 Switching Protocols}, {@code upgrade: websocket},
     * {@code connection: upgrade}, a 28-character {@code sec-websocket-accept}, a blank line.
     */
    public static final int WEBSOCKET_HANDSHAKE_BYTES = 34 + 20 + 21 + 22 + 28 + 2 + 2;

    private Wire() {
    }

    /** A chunk of a chunked body: hex size, CRLF, the payload, CRLF. */
    public static long chunkBytes(long payloadBytes) {
        return Long.toHexString(payloadBytes).length() + 2 + payloadBytes + 2;
    }

    /** A server-to-client WebSocket frame (never masked): a 2, 4 or 10 byte header, then the payload. */
    public static long webSocketFrameBytes(long payloadBytes) {
        int header = payloadBytes <= 125 ? 2 : payloadBytes <= 65_535 ? 4 : 10;
        return header + payloadBytes;
    }

    /**
     * The status line and header block of a response, as Netty writes them ({@code name: value}
     * CRLF each, then a blank line). Read once the headers are final, from a headers-end handler.
     */
    public static long headBytes(HttpServerResponse response) {
        return "HTTP/1.1 200 ".length() + response.getStatusMessage().length() + 2 + headerLineBytes(response.headers()) + 2;
    }

    /** The header lines of a request's or a response's head: {@code name: value} and CRLF each. */
    public static long headerLineBytes(MultiMap headers) {
        HeaderLines lines = new HeaderLines();
        // forEach, not the iterator, which wraps every header in an entry of its own
        headers.forEach(lines);
        return lines.bytes;
    }

    private static final class HeaderLines implements BiConsumer<String, String> {
        private long bytes;

        @Override
        public void accept(String name, String value) {
            bytes += name.length() + 2 + value.length() + 2;
        }
    }
}
