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
 * A WebSocket client that writes frames byte by byte, for what a well-behaved client library will
 * not send: forbidden bits, invalid UTF-8, lengths it never delivers. It reads the server's frames
 * until the close frame, whose code is what the tests look at.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Upgrades a connection to {@code path} and returns once the 101 has been read. */
    public static RawWebSocket open(URI server, String path, Duration within) throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(100);
        RawWebSocket client = new RawWebSocket(socket);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        String head = client.readUntil("\r\n\r\n", within);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("not upgraded:\n" + head);
        }
        // the server's first frames may have come in the same read as the 101: they stay
        byte[] read = client.received.toByteArray();
        int frames = head.indexOf("\r\n\r\n") + 4;
        client.received.reset();
        client.received.write(read, frames, read.length - frames);
        return client;
    }

    /** A masked frame: {@code first} is FIN, RSV and opcode; the payload goes as it is. */
    public RawWebSocket send(int first, byte[] payload) throws IOException {
        return send(first, payload.length, payload, true);
    }

    /** A frame whose header may claim a length other than the payload's, or come unmasked. */
    public RawWebSocket send(int first, long claimedLength, byte[] payload, boolean masked) throws IOException {
        socket.getOutputStream().write(frame(first, claimedLength, payload, masked));
        socket.getOutputStream().flush();
        return this;
    }

    /** A frame's bytes: its header (claiming {@code claimedLength}), the mask key if {@code masked}, then the payload. */
    private static byte[] frame(int first, long claimedLength, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        int mask = masked ? 0x80 : 0;
        if (claimedLength < 126) {
            frame.write(mask | (int) claimedLength);
        } else if (claimedLength < 65536) {
            frame.write(mask | 126);
            frame.write((int) (claimedLength >> 8));
            frame.write((int) claimedLength);
        } else {
            frame.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (claimedLength >> shift));
            }
        }
        byte[] key = {1, 2, 3, 4};
        if (masked) {
            frame.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return frame.toByteArray();
    }

    /**
     * Sends {@code count} copies of one masked frame without reading anything, as a client that
     * floods and never reads does; returns how many went out before the server stopped taking them
     * (closed or reset the connection) or {@code within} passed.
     */
    public int flood(int first, byte[] payload, int count, Duration within) {
        byte[] frame = frame(first, payload.length, payload, true);
        int perBatch = 1000;
        byte[] batch = new byte[frame.length * perBatch];
        for (int i = 0; i < perBatch; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        long deadline = System.nanoTime() + within.toNanos();
        int sent = 0;
        try {
            while (sent < count && System.nanoTime() < deadline) {
                int now = Math.min(perBatch, count - sent);
                socket.getOutputStream().write(batch, 0, now * frame.length);
                sent += now;
            }
        } catch (IOException closedByTheServer) {
            // what a flooder gets once the server lets it go
        }
        return sent;
    }

    /** Whether the server has closed the connection: reading ends or fails within {@code within}. */
    public boolean closedByServer(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buffer = new byte[65536];
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException nothingYet) {
                    // read on until the deadline
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * The status code of the server's close frame, read within {@code within}; -1 when the server
     * closed the connection without one, 0 when neither happened in time.
     */
    public int closeCode(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            int code = closeCodeIn(received.toByteArray());
            if (code > 0) {
                return code;
            }
            if (!readSome()) {
                code = closeCodeIn(received.toByteArray());
                return code > 0 ? code : -1;
            }
        }
        return 0;
    }

    /** Walks the server's (unmasked) frames and returns the close frame's code, or 0 before one arrived. */
    private static int closeCodeIn(byte[] bytes) {
        int at = 0;
        while (at + 2 <= bytes.length) {
            int opcode = bytes[at] & 0x0F;
            long length = bytes[at + 1] & 0x7F;
            int header = 2;
            if (length == 126) {
                if (at + 4 > bytes.length) {
                    return 0;
                }
                length = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                return 0;   // the server never sends frames this large
            }
            if (at + header + length > bytes.length) {
                return 0;
            }
            if (opcode == 0x8) {
                return length >= 2 ? ((bytes[at + header] & 0xFF) << 8) | (bytes[at + header + 1] & 0xFF) : 1005;
            }
            at += header + (int) length;
        }
        return 0;
    }

    private String readUntil(String end, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (text.contains(end)) {
                return text;
            }
            if (!readSome()) {
                break;
            }
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads what has arrived; false once the connection is closed. */
    private boolean readSome() throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int read = in.read(buffer);
            if (read < 0) {
                return false;
            }
            received.write(buffer, 0, read);
            return true;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    /** Whether {@code text} has arrived from the server, in a frame or across several, within {@code within}. */
    public boolean received(String text, Duration within) throws IOException {
        return readUntil(text, within).contains(text);
    }

    /** Ends the connection with a reset, no close frame and no FIN: how a client whose network went leaves. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
