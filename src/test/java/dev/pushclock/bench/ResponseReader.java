package dev.pushclock.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Reads the HTTP/1.1 responses of one keep-alive connection as the long-poll's clients need them,
 * and no more: the status, a body by {@code Content-Length} or chunked, {@code Connection: close},
 * and the validators Nchan names its messages by. The load generator's long-polls used Vert.x's
 * HTTP client, whose pool, futures and header maps cost the generator more CPU per answer than the
 * loopback floor spends serving it; on two cores shared with the server, that CPU was lag of every
 * server measured (bench/TUNING.md).
 */
final class ResponseReader {

    /** One whole response; its body is copied out of the connection's buffers. */
    record Response(int status, byte[] body, String lastModified, String etag, boolean close) {
    }

    /** Thrown for bytes that are not an HTTP/1.1 response this reader understands. */
    static final class Malformed extends RuntimeException {
        Malformed(String what) {
            super(what);
        }
    }

    /** Bytes of a response not yet whole, kept between reads; null when none are. */
    private ByteBuf pending;

    /**
     * Takes the bytes of one read (and releases them) and hands over every response they complete,
     * in order.
     */
    void read(ByteBuf in, Consumer<Response> answered) {
        ByteBuf data = in;
        if (pending != null) {
            pending.writeBytes(in);
            in.release();
            data = pending;
        }
        try {
            for (Response response = next(data); response != null; response = next(data)) {
                if (response.status() / 100 != 1) {
                    // an interim response precedes the answer
                    answered.accept(response);
                }
            }
        } catch (RuntimeException e) {
            release();
            if (data == in) {
                in.release();
            }
            throw e;
        }
        if (data == in) {
            if (in.isReadable()) {
                pending = Unpooled.buffer(Math.max(512, in.readableBytes() * 2)).writeBytes(in);
            }
            in.release();
        } else if (!pending.isReadable()) {
            release();
        } else {
            pending.discardReadBytes();
        }
    }

    /** Drops what is kept: the connection is gone. */
    void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /** The response at the reader index if it is whole (the index moves past it), else null. */
    private static Response next(ByteBuf data) {
        int start = data.readerIndex();
        int lineEnd = lineEnd(data, start);
        if (lineEnd < 0) {
            return null;
        }
        int status = status(data, start, lineEnd);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String lastModified = null;
        String etag = null;
        int line = lineEnd + 2;
        for (lineEnd = lineEnd(data, line); lineEnd != line; line = lineEnd + 2, lineEnd = lineEnd(data, line)) {
            if (lineEnd < 0) {
                return null;
            }
            int colon = data.indexOf(line, lineEnd, (byte) ':');
            if (colon < 0) {
                throw new Malformed("a header line without a colon");
            }
            String name = ascii(data, line, colon).trim();
            String value = ascii(data, colon + 1, lineEnd).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = contentLength(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = Arrays.stream(value.split(",")).anyMatch(option -> option.trim().equalsIgnoreCase("close"));
            } else if (name.equalsIgnoreCase("Last-Modified")) {
                lastModified = value;
            } else if (name.equalsIgnoreCase("ETag")) {
                etag = value;
            }
        }
        int bodyStart = line + 2;
        byte[] body;
        int end;
        if (status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
            end = bodyStart;
        } else if (chunked) {
            end = chunkedEnd(data, bodyStart);
            if (end < 0) {
                return null;
            }
            body = dechunk(data, bodyStart);
        } else if (length >= 0) {
            if (data.writerIndex() - bodyStart < length) {
                return null;
            }
            end = bodyStart + (int) length;
            body = ByteBufUtil.getBytes(data, bodyStart, (int) length);
        } else {
            throw new Malformed("a body with neither Content-Length nor chunked encoding");
        }
        data.readerIndex(end);
        return new Response(status, body, lastModified, etag, close);
    }

    private static int status(ByteBuf data, int from, int lineEnd) {
        String line = ascii(data, from, lineEnd);
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new Malformed("not an HTTP/1.x status line: " + line);
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new Malformed("no status code in: " + line);
        }
    }

    private static long contentLength(String value) {
        try {
            long length = Long.parseLong(value);
            if (length < 0 || length > 1 << 20) {
                throw new Malformed("Content-Length out of range: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new Malformed("Content-Length not a number: " + value);
        }
    }

    /** Where a chunked body starting at {@code from} ends (its trailer included), or -1 if not all here. */
    private static int chunkedEnd(ByteBuf data, int from) {
        int at = from;
        while (true) {
            int lineEnd = lineEnd(data, at);
            if (lineEnd < 0) {
                return -1;
            }
            int size = chunkSize(data, at, lineEnd);
            at = lineEnd + 2;
            if (size == 0) {
                // trailer fields, if any, then an empty line
                while (true) {
                    int trailerEnd = lineEnd(data, at);
                    if (trailerEnd < 0) {
                        return -1;
                    }
                    if (trailerEnd == at) {
                        return at + 2;
                    }
                    at = trailerEnd + 2;
                }
            }
            if (data.writerIndex() < at + size + 2) {
                return -1;
            }
            at += size + 2;
        }
    }

    /** The data of a chunked body known to be whole. */
    private static byte[] dechunk(ByteBuf data, int from) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        for (int size; ; at += size + 2) {
            int lineEnd = lineEnd(data, at);
            size = chunkSize(data, at, lineEnd);
            at = lineEnd + 2;
            if (size == 0) {
                return body.toByteArray();
            }
            body.writeBytes(ByteBufUtil.getBytes(data, at, size));
        }
    }

    private static int chunkSize(ByteBuf data, int from, int lineEnd) {
        String line = ascii(data, from, lineEnd);
        int extension = line.indexOf(';');
        String hex = (extension < 0 ? line : line.substring(0, extension)).trim();
        try {
            int size = Integer.parseInt(hex, 16);
            if (size < 0 || size > 1 << 20) {
                throw new Malformed("chunk size out of range: " + line);
            }
            return size;
        } catch (NumberFormatException e) {
            throw new Malformed("not a chunk size: " + line);
        }
    }

    private static String ascii(ByteBuf data, int from, int to) {
        return data.toString(from, to - from, StandardCharsets.US_ASCII);
    }

    /** Where the line from {@code from} ends (its CR), or -1 if its end is not here yet. */
    private static int lineEnd(ByteBuf data, int from) {
        int lf = data.indexOf(from, data.writerIndex(), (byte) '\n');
        if (lf < 0) {
            return -1;
        }
        if (lf == from || data.getByte(lf - 1) != '\r') {
            throw new Malformed("a line not ended by CRLF");
        }
        return lf - 1;
    }
}
