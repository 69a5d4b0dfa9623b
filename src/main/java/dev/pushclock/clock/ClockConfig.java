package dev.pushclock.clock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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

    MaxConnections maxConnections();

    /**
     * Origins besides the service's own whose pages may open the WebSocket, each as
     * {@code scheme://host[:port]}, or {@code *} for any: a browser sends its cookies with a
     * WebSocket upgrade from any site, so other sites are refused unless named here.
     */
    Optional<List<String>> allowedOrigins();

    SlowConsumer slowConsumer();

    /**
     * The kernel send buffer of each connection, in bytes; unset, the kernel sizes it (up to
     * megabytes for a client that stopped reading).
     */
    OptionalInt sendBufferSize();

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

    /**
     * How many connections each transport may hold (for polling: requests in flight). Beyond it a
     * request gets 503 with Retry-After, a WebSocket is closed with 1013. bench/RESULTS.md: one
     * transport's 10,000 clients take about 300 MiB in JVM mode; size the pod for the sum allowed.
     */
    interface MaxConnections {

        @WithDefault("1000")
        int poll();

        @WithDefault("10000")
        int longPoll();

        @WithDefault("2000")
        int iframe();

        @WithDefault("10000")
        int websocket();

        @WithDefault("10000")
        int sse();

        @WithDefault("2000")
        int ndjson();

        /** The limit of the transport with this id ({@code long-poll}, {@code sse}, …). */
        default int of(String transportId) {
            return switch (transportId) {
                case "poll" -> poll();
                case "long-poll" -> longPoll();
                case "iframe" -> iframe();
                case "websocket" -> websocket();
                case "sse" -> sse();
                case "ndjson" -> ndjson();
                default -> throw new IllegalArgumentException("no transport " + transportId);
            };
        }
    }

    interface SlowConsumer {

        /**
         * A client whose oldest unsent frame has waited this long is disconnected (a WebSocket
         * with 1008): it is not reading, and holding it costs memory for nothing.
         */
        @WithDefault("30s")
        Duration maxLag();
    }
}
