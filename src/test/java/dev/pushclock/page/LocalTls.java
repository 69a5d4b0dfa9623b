package dev.pushclock.page;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.pushclock.ops.LocalhostKeyStore;

/**
 * TLS for the packaged app in a browser test, so that Chromium speaks HTTP/2 to it: a self-signed
 * certificate for localhost made at test time as dev mode makes its own ({@link DevCertificate}),
 * in target/ (never committed), and the Quarkus configuration that serves it on an HTTPS port beside the HTTP one. The browser
 * is told to accept it with {@code --ignore-certificate-errors}.
 */
final class LocalTls {

    static final String BROWSER_ARGUMENT = "--ignore-certificate-errors";

    private static final Path DIRECTORY = Path.of("target", "localhost-tls");

    private LocalTls() {
    }

    /**
     * Configuration for {@code PackagedApp.start}: HTTPS (and so HTTP/2) on {@code sslPort}. A named
     * TLS configuration for the HTTP server alone: the registry's default would also move the
     * management interface to HTTPS, where the readiness probe does not look.
     */
    static Map<String, String> config(int sslPort) throws Exception {
        return Map.of("quarkus.tls.localhost.key-store.p12.path", LocalhostKeyStore.ensure(DIRECTORY, Instant.now()).toString(),
                "quarkus.tls.localhost.key-store.p12.password", LocalhostKeyStore.PASSWORD,
                "quarkus.http.tls-configuration-name", "localhost",
                "quarkus.http.ssl-port", String.valueOf(sslPort));
    }
}
