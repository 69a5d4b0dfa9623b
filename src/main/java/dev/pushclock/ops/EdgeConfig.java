package dev.pushclock.ops;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The service's HTTP edges: who may open the socket from a page, and what each connection may hold in the kernel. */
@ConfigMapping(prefix = "pushclock")
public interface EdgeConfig {

    /**
     * Origins besides the service's own whose pages may open the WebSocket, each as
     * {@code scheme://host[:port]}, or {@code *} for any: a browser sends its cookies with a
     * WebSocket upgrade from any site, so other sites are refused unless named here. Behind a
     * proxy the service's own origin is what the proxy forwards (see quarkus.http.proxy.*).
     */
    Optional<List<String>> allowedOrigins();

    /**
     * The kernel send buffer of each connection, in bytes; unset, the kernel sizes it (up to
     * megabytes for a client that stopped reading).
     */
    OptionalInt sendBufferSize();

    /**
     * HTTP/2 in cleartext (h2c) on the plain HTTP port. Off: behind a proxy it lets a client tunnel
     * requests past the proxy's rules; browsers speak HTTP/2 only over TLS anyway.
     */
    @WithDefault("false")
    boolean h2c();

    /**
     * Where the dev profile keeps the certificate it makes for https://localhost:8443
     * ({@code localhost.p12}, and {@code localhost.crt} to trust); unset, {@code ~/.pushclock}.
     * Read by {@link DevCertificate} as the application starts, before this mapping exists.
     */
    @WithName("dev-certificate.directory")
    Optional<String> devCertificateDirectory();
}
