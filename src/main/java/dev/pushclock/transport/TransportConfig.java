package dev.pushclock.transport;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the transports behave and how much each may hold. Checked at start by {@link TransportChecks}. */
@ConfigMapping(prefix = "pushclock")
public interface TransportConfig {

    LongPoll longPoll();

    Iframe iframe();

    Ws ws();

    /**
     * Connections each transport may hold, by transport id ({@code pushclock.max-connections.sse=…});
     * a transport not named keeps its registry default ({@link Transport#defaultLimit()}). Beyond
     * it a request gets 503 with Retry-After, a WebSocket is closed with 1013.
     */
    Map<String, Integer> maxConnections();

    SlowConsumer slowConsumer();

    /** The connection limit of a transport. */
    default int limitOf(Transport transport) {
        return maxConnections().getOrDefault(transport.id(), transport.defaultLimit());
    }

    interface LongPoll {

        /** The longest {@code timeout} a long-poll may ask for. */
        @WithDefault("120s")
        Duration maxTimeout();

        /** The {@code timeout} of a long-poll that does not name one. */
        @WithDefault("30s")
        Duration defaultTimeout();
    }

    interface Iframe {

        /** Bytes of padding in the first chunk (at least 1024), so browsers start running scripts at once. */
        @WithDefault("2048")
        int padding();

        /** The forever frame ends itself in the last quarter of this many bytes, so the page's DOM stays small. */
        @WithDefault("131072")
        int maxBytes();
    }

    interface Ws {

        /** The largest command a WebSocket client may send, in bytes; a larger one closes the socket with 1009. */
        @WithDefault("4096")
        int maxMessage();

        /**
         * Replies (pongs, acknowledgements, errors) that may wait for a client that is not reading; one
         * more closes the socket with 1008. A client that floods commands without reading costs no more.
         */
        @WithDefault("16")
        int maxPendingReplies();
    }

    interface SlowConsumer {

        /**
         * A client whose oldest unsent frame has waited this long is disconnected (a WebSocket with
         * 1008): it is not reading, and holding it costs memory for nothing.
         */
        @WithDefault("30s")
        Duration maxLag();
    }
}
