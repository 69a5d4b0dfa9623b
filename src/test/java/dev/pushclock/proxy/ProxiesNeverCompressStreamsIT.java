package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pushclock.transport.Transport;
import dev.pushclock.testing.LineTap;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;

/**
 * A client that offers gzip still gets every stream uncompressed through both proxies, a tick at
 * a time: a compressor holds small chunks back until it has enough to squeeze. nginx runs here
 * inside a host configuration like Debian's, whose {@code gzip on} would compress the forever
 * frame (text/html) whatever its {@code Cache-Control: no-transform} says, unless
 * deploy/nginx.conf turns it off.
 */
class ProxiesNeverCompressStreamsIT {

    private static final Duration SOON = Duration.ofSeconds(10);

    static final Vertx vertx = TestVertx.get();
    static Proxies proxies;

    @BeforeAll
    static void start() throws Exception {
        proxies = Proxies.shared();
    }

    static Stream<Arguments> streams() {
        return Proxies.NAMES.stream().flatMap(proxy -> Stream.of(Transport.SSE, Transport.NDJSON, Transport.IFRAME)
                .map(transport -> Arguments.of(proxy, transport)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("streams")
    void streamsComeUncompressedToClientsThatOfferGzip(String proxyName, Transport transport) throws Exception {
        Proxy proxy = proxies.get(proxyName);
        try (LineTap tap = LineTap.open(vertx, proxy.uri().resolve(transport.path()), "Accept-Encoding", "gzip, deflate, br")) {
            LineTap.assertStatus(tap, 200);
            assertNull(tap.headers(SOON).get("Content-Encoding"), proxy + " compressed " + transport.path());
            // readable lines at all: compressed bytes would not split into lines holding a tick's JSON
            tap.next(line -> line.contains("\"seq\""), SOON);
            tap.next(line -> line.contains("\"seq\""), SOON);
        }
    }
}
