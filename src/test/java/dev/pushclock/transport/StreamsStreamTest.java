package dev.pushclock.transport;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.pushclock.testing.Clockwork;
import dev.pushclock.testing.ManualTime;
import dev.pushclock.testing.TestVertx;
import dev.pushclock.testing.TickStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every stream streams: the current tick first, then each tick on its own as the clock reaches it
 * (not before, and not held back to be sent with the next), in order, none skipped.
 */
@QuarkusTest
@TestProfile(ManualTime.class)
class StreamsStreamTest {

    static final java.util.List<String> STREAMS = TickStream.IDS;

    @TestHTTPResource("/")
    URI root;

    @ParameterizedTest
    @FieldSource("STREAMS")
    void theCurrentTickThenEachTickAsTheClockReachesIt(String transport) throws Exception {
        // with a cache-buster, as browsers' code often adds one: unknown parameters are ignored
        try (TickStream stream = TickStream.open(transport, TestVertx.get(), root, "_=1700000000")) {
            stream.assertStreams(Clockwork.here(), 3);
        }
    }
}
