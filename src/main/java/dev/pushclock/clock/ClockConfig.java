package dev.pushclock.clock;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every {@code pushclock.*} setting, with its default. */
@ConfigMapping(prefix = "pushclock")
public interface ClockConfig {

    /** Time between ticks: whole seconds that divide a minute. */
    @WithDefault("1s")
    Duration tickPeriod();

    /** Zone of the clock for clients that do not name one: an IANA region id or {@code UTC}. */
    @WithDefault("UTC")
    String defaultZone();

    /** How many past ticks a resuming client can get back (the resume window). */
    @WithDefault("300")
    int historySize();

    /** After this long with nothing sent, every stream gets a heartbeat. */
    @WithDefault("15s")
    Duration heartbeat();

    LongPoll longPoll();

    Iframe iframe();

    Ws ws();

    interface LongPoll {

        /** The longest {@code timeout} a long-poll may ask for. */
        @WithDefault("120s")
        Duration maxTimeout();

        /** The {@code timeout} of a long-poll that does not name one. */
        @WithDefault("30s")
        Duration defaultTimeout();
    }

    interface Iframe {

        /** Bytes of padding in the first chunk, so browsers start rendering at once. */
        @WithDefault("2048")
        int padding();

        /** The forever frame ends itself after about this many bytes, so the page's DOM stays small. */
        @WithDefault("131072")
        int maxBytes();
    }

    interface Ws {

        /** The largest command a WebSocket client may send, in bytes; a larger one closes the socket with 1009. */
        @WithDefault("4096")
        int maxMessage();
    }
}
