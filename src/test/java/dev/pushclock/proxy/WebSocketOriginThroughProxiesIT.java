package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pushclock.transport.Transport;

/**
 * The WebSocket origin rule as deployed behind a proxy listening on a port of its own: nginx sends
 * the replica {@code Host $host}, which drops that port, and speaks plain HTTP to it even when the
 * browser came over TLS; HAProxy passes the browser's Host but not its scheme either. Both send
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, which the replicas believe from the
 * proxies' address only ({@code deploy/replica.properties}). So a page served through the proxy
 * opens the socket, and a page of any other origin, the same host on another port or scheme
 * included, gets 403.
 */
class WebSocketOriginThroughProxiesIT {

    private static final Duration SOON = Duration.ofSeconds(10);

    static HttpClient http;
    static Proxies proxies;

    @BeforeAll
    static void start() throws Exception {
        proxies = Proxies.shared();
        http = HttpClient.newBuilder().sslContext(TestCertificate.get().trustingIt()).connectTimeout(SOON).build();
    }

    /** Where a browser reaches the service through each proxy: nginx over HTTP and over TLS, HAProxy over HTTP. */
    static Stream<Arguments> listeners() {
        return Stream.of(Arguments.of("nginx", false), Arguments.of("nginx", true), Arguments.of("haproxy", false));
    }

    private static URI page(String proxyName, boolean tls) throws Exception {
        Proxy proxy = proxies.get(proxyName);
        return tls ? ((Nginx) proxy).httpsUri() : proxy.uri();
    }

    /** The origin of a page at {@code uri}: scheme, host and port. */
    private static String originOf(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /** The status of a WebSocket handshake with {@code origin} through the proxy at {@code page}: 101 or the refusal's. */
    private static int handshake(URI page, String origin) throws Exception {
        URI socket = URI.create(page.toString().replaceFirst("^http", "ws")).resolve(Transport.WEBSOCKET.path());
        try {
            http.newWebSocketBuilder().header("Origin", origin).connectTimeout(SOON)
                    .buildAsync(socket, new WebSocket.Listener() {
                    }).get(SOON.toSeconds(), TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw failed;
        }
    }

    @ParameterizedTest(name = "{0}, TLS {1}")
    @MethodSource("listeners")
    void thePagesOwnOriginOpensTheSocket(String proxyName, boolean tls) throws Exception {
        URI page = page(proxyName, tls);
        assertEquals(101, handshake(page, originOf(page)), "a page at " + page + " through " + proxyName);
    }

    @ParameterizedTest(name = "{0}, TLS {1}")
    @MethodSource("listeners")
    void everyOtherOriginIsRefused(String proxyName, boolean tls) throws Exception {
        URI page = page(proxyName, tls);
        String otherScheme = tls ? "http" : "https";
        for (String foreign : new String[] {"https://evil.example", "null",
                // what the replica would take for its own if it believed Host $host or its own scheme
                page.getScheme() + "://" + page.getHost(),
                otherScheme + "://" + page.getHost() + ":" + page.getPort()}) {
            assertEquals(403, handshake(page, foreign), "a page of " + foreign + " through " + proxyName + " at " + page);
        }
    }
}
