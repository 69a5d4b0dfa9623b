package dev.pushclock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A request written byte for byte on a plain socket, for what HTTP client libraries refuse to send
 * (malformed escapes, CRLF, huge headers) and for counting exactly what came back.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** What came back, and whether the server closed the connection (rather than the wait running out). */
    public record Exchange(byte[] received, boolean closedByServer) {

        public String text() {
            return new String(received, StandardCharsets.ISO_8859_1);
        }

        /** The status of the response, or -1 when none came. */
        public int status() {
            String text = text();
            return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        }
    }

    /** Sends raw bytes and reads until the server closes the connection or {@code within} passes. */
    public static Exchange send(URI server, byte[] request, Duration within) throws IOException {
        return send(server, request, within, received -> false);
    }

    /** Sends raw bytes and reads until the server closes, {@code enough} holds for what came, or {@code within} passes. */
    public static Exchange send(URI server, byte[] request, Duration within, java.util.function.Predicate<String> enough)
            throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(100);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException closedWhileWriting) {
                return new Exchange(received.toByteArray(), true);
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            long deadline = System.currentTimeMillis() + within.toMillis();
            while (System.currentTimeMillis() < deadline) {
                try {
                    int read = in.read(buffer);
                    if (read < 0) {
                        return new Exchange(received.toByteArray(), true);
                    }
                    received.write(buffer, 0, read);
                    if (enough.test(received.toString(StandardCharsets.ISO_8859_1))) {
                        return new Exchange(received.toByteArray(), false);
                    }
                } catch (SocketTimeoutException nothingYet) {
                    // keep reading until the deadline
                } catch (IOException reset) {
                    return new Exchange(received.toByteArray(), true);
                }
            }
            return new Exchange(received.toByteArray(), false);
        }
    }

    /** Sends {@code request} and returns every byte received until the server closes or {@code within} passes. */
    public static byte[] exchange(URI server, String request, Duration within) throws IOException {
        return send(server, request.getBytes(StandardCharsets.ISO_8859_1), within).received();
    }

    /**
     * A GET of {@code target} with {@code headers} (whole lines, without their CRLF), as a WebSocket
     * upgrade request when {@code upgrade} is set; ready to send as it is.
     */
    public static String getRequest(String target, boolean upgrade, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (upgrade) {
            request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /**
     * Whether {@code received} holds a whole response with a {@code Content-Length} (a refusal, say),
     * so a reader need not wait for a kept-alive connection to close.
     */
    public static boolean completeResponse(String received) {
        int headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        for (String line : received.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                return received.length() - headEnd - 4 >= length;
            }
        }
        return false;
    }

    /** A GET with {@code Connection: close}, so the exchange ends when the response does. */
    public static String get(URI server, String pathAndQuery, String... extraHeaderLines) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : extraHeaderLines) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return new String(exchange(server, request.toString(), Duration.ofSeconds(5)), StandardCharsets.ISO_8859_1);
    }
}
