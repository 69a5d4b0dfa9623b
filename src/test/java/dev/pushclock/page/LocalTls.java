package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TLS for the packaged app in a browser test, so that Chromium speaks HTTP/2 to it: a self-signed
 * certificate for localhost made at test time with the JDK's keytool, in target/ (never committed),
 * and the Quarkus configuration that serves it on an HTTPS port beside the HTTP one. The browser
 * is told to accept it with {@code --ignore-certificate-errors}.
 */
final class LocalTls {

    static final String BROWSER_ARGUMENT = "--ignore-certificate-errors";

    private static final Path KEY_STORE = Path.of("target", "localhost-tls.p12");
    private static final String PASSWORD = "pushclock-test";

    private LocalTls() {
    }

    private static synchronized Path keyStore() throws Exception {
        if (!Files.exists(KEY_STORE)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "localhost",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "7", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", KEY_STORE.toString(), "-storepass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool took over a minute");
            assertEquals(0, process.exitValue(), "keytool failed: " + output);
        }
        return KEY_STORE.toAbsolutePath();
    }

    /**
     * Configuration for {@code PackagedApp.start}: HTTPS (and so HTTP/2) on {@code sslPort}. A named
     * TLS configuration for the HTTP server alone: the registry's default would also move the
     * management interface to HTTPS, where the readiness probe does not look.
     */
    static Map<String, String> config(int sslPort) throws Exception {
        return Map.of("quarkus.tls.localhost.key-store.p12.path", keyStore().toString(),
                "quarkus.tls.localhost.key-store.p12.password", PASSWORD,
                "quarkus.http.tls-configuration-name", "localhost",
                "quarkus.http.ssl-port", String.valueOf(sslPort));
    }
}
