package dev.pushclock.ops;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * Where the same service answers over HTTPS, and so over HTTP/2, once its HTTPS server has started
 * ({@code quarkus.tls.*} names a certificate). Over HTTP/1.1 a browser opens six connections per
 * server, shared by all its tabs, and two tabs of the demo page use them all; a panel left waiting
 * links to this address, which {@code /api/stats} names in a {@code Link} header.
 */
@ApplicationScoped
public class HttpsAlternate {

    private volatile int port = -1;

    /** Quarkus fires this asynchronously; the port is the configured one (none when it asks for any free port). */
    void started(@ObservesAsync HttpsServerStart start) {
        port = start.options().getPort();
    }

    /**
     * {@code <https://host:port/>; rel="alternate"} on the host this request named, or empty when
     * there is no HTTPS server, or the request came over it.
     */
    Optional<String> linkFor(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (port <= 0 || request.isSSL() || authority == null) {
            return Optional.empty();
        }
        return Optional.of("<https://" + authority.host() + ":" + port + "/>; rel=\"alternate\"");
    }
}
