package dev.pushclock.ops;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.pushclock.transport.ClockRequest;
import dev.pushclock.transport.Parameters;
import dev.pushclock.transport.Transport;
import dev.pushclock.transport.TransportConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * Who gets in, decided the same way for every transport and in the contract's order: a malformed
 * request is a 400, a page of another site a 403 (where the transport checks origins), and a
 * transport at its connection limit a 503 with a Retry-After spread over a few seconds, so refused
 * clients do not return together (a WebSocket is accepted, then closed with 1013).
 */
@ApplicationScoped
public class Admission {

    private static final int RETRY_AFTER_MIN_SECONDS = 1;
    private static final int RETRY_AFTER_SPREAD_SECONDS = 5;

    private final Parameters parameters;
    private final TransportConfig limits;
    private final WireStats stats;
    private final List<String> allowedOrigins;

    Admission(Parameters parameters, TransportConfig limits, WireStats stats, EdgeConfig edges) {
        this.parameters = parameters;
        this.limits = limits;
        this.stats = stats;
        this.allowedOrigins = edges.allowedOrigins().orElse(List.of());
    }

    /** What the request asks for, if it may ask it: 400, then 403. */
    public ClockRequest check(Transport transport, HttpServerRequest request) {
        ClockRequest checked;
        try {
            checked = parameters.check(transport, request);
        } catch (BadParameterException e) {
            throw new Refused(Problem.badParameter(e), Map.of());
        }
        if (transport.originChecked() && !originAllowed(request)) {
            throw new Refused(new Problem("about:blank", "Forbidden", 403, "pages of this origin may not open "
                    + transport.path() + " (see pushclock.allowed-origins)", null), Map.of());
        }
        return checked;
    }

    /** A slot for one more connection of the transport, or a 503 when it is at its limit (the refusal counted). */
    public Slot open(Transport transport) {
        int limit = limits.limitOf(transport);
        if (!stats.tryOpen(transport, limit)) {
            String retryAfter = String.valueOf(RETRY_AFTER_MIN_SECONDS + ThreadLocalRandom.current().nextInt(RETRY_AFTER_SPREAD_SECONDS));
            throw new Refused(Problem.busy(transport.id(), limit), Map.of("Retry-After", retryAfter));
        }
        return new Slot(transport, stats);
    }

    /**
     * No Origin (not a browser), one the configuration names, or the service's own: the scheme
     * and authority the request reached it by, as Quarkus sees them (behind a trusted proxy, what
     * the proxy forwards).
     */
    private boolean originAllowed(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        HostAndPort authority = request.authority();
        if (authority == null) {
            return false;
        }
        try {
            URI page = new URI(origin);
            return page.getScheme() != null && page.getHost() != null && page.getRawPath().isEmpty()
                    && page.getScheme().equalsIgnoreCase(request.scheme())
                    && page.getHost().toLowerCase(Locale.ROOT).equals(authority.host().toLowerCase(Locale.ROOT))
                    && port(page.getScheme(), page.getPort()) == port(request.scheme(), authority.port());
        } catch (java.net.URISyntaxException notAnOrigin) {
            return false;
        }
    }

    private static int port(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
