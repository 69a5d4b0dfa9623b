package dev.pushclock.transport;

import java.nio.charset.StandardCharsets;

/** A text frame with its UTF-8 size, measured once when rendered rather than once per client. */
record TextFrame(String text, int bytes) {

    static TextFrame of(String text) {
        return new TextFrame(text, utf8Length(text));
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
