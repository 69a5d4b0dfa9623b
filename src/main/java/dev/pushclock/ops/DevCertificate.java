package dev.pushclock.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.logging.Log;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * HTTPS, and so HTTP/2, in dev mode without a step of your own. Over plain HTTP a browser opens at
 * most six connections to one server, shared by all its tabs, and one tab of the demo page holds
 * four: a second tab stalls. In the {@code dev} profile this makes a self-signed certificate for
 * localhost with the JDK's keytool (once; again when it is about to expire), in
 * {@code pushclock.dev-certificate.directory} ({@code ~/.pushclock}, never in the repository, kept
 * across {@code mvn clean} so that a browser told to trust it once keeps trusting it), and names it
 * as the HTTP server's TLS configuration: Quarkus then serves https://localhost:8443 beside
 * http://localhost:8080. A config source factory because the TLS registry reads its files as the
 * application starts, before any bean could make one.
 *
 * <p>It stands aside where the certificate is the user's business: outside the dev profile, when
 * {@code quarkus.http.tls-configuration-name} or the default {@code quarkus.tls.key-store.*} is
 * set, and when keytool cannot make one (then it says why, and dev mode serves HTTP alone). Its
 * ordinal is below application.properties', so any setting there wins.
 */
public final class DevCertificate implements ConfigSourceFactory {

    static final String DIRECTORY = "pushclock.dev-certificate.directory";
    static final String CONFIGURATION = "pushclock-dev";
    static final String KEY_STORE = "localhost.p12";
    static final String CERTIFICATE = "localhost.crt";
    /** Guards nothing (the key is for localhost only, and in the user's home); the PKCS#12 format wants one. */
    public static final String PASSWORD = "pushclock-dev";
    public static final String ALIAS = "localhost";
    private static final int VALID_DAYS = 365;
    /** A certificate with less than this left is made again, rather than expiring mid-session. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || userConfiguredTls(context)) {
            return List.of();
        }
        Path directory = directory(context);
        try {
            Path keyStore = ensureKeyStore(directory, Instant.now());
            return List.of(new PropertiesConfigSource(Map.of(
                    "quarkus.tls." + CONFIGURATION + ".key-store.p12.path", keyStore.toString(),
                    "quarkus.tls." + CONFIGURATION + ".key-store.p12.password", PASSWORD,
                    "quarkus.http.tls-configuration-name", CONFIGURATION),
                    DevCertificate.class.getSimpleName(), ORDINAL));
        } catch (IOException | GeneralSecurityException e) {
            Log.warnf("No development certificate in %s (%s): dev mode serves plain HTTP only", directory, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static boolean userConfiguredTls(ConfigSourceContext context) {
        if (isSet(context.getValue("quarkus.http.tls-configuration-name"))) {
            return true;
        }
        for (Iterator<String> names = context.iterateNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("quarkus.tls.key-store.") || name.startsWith("%dev.quarkus.tls.key-store.")) {
                return true;
            }
        }
        return false;
    }

    private static Path directory(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(DIRECTORY);
        return isSet(configured) ? Path.of(configured.getValue())
                : Path.of(System.getProperty("user.home"), ".pushclock");
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /**
     * The key store in {@code directory}, made (with the certificate beside it as PEM, for trust
     * stores and {@code curl --cacert}) when it is missing, unreadable or close to expiring. The
     * tests make their TLS certificates for localhost with it too.
     */
    public static Path ensureKeyStore(Path directory, Instant now)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path keyStore = directory.resolve(KEY_STORE).toAbsolutePath();
        if (usable(keyStore, now)) {
            return keyStore;
        }
        Files.createDirectories(directory);
        Files.deleteIfExists(keyStore);
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", String.valueOf(VALID_DAYS), "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-ext", "EKU=serverAuth",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        ownerOnly(keyStore);
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", directory.resolve(CERTIFICATE).toAbsolutePath().toString());
        Log.infof("Made a development certificate for localhost: %s (trust %s to skip the browser's warning)",
                keyStore, directory.resolve(CERTIFICATE).toAbsolutePath());
        return keyStore;
    }

    /** The private key is readable by its owner alone, where the file system says who that is. */
    private static void ownerOnly(Path keyStore) throws IOException {
        if (keyStore.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The key store made by {@link #ensureKeyStore}, loaded. */
    public static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** The certificate in {@code keyStore}, or an exception saying why there is none. */
    public static X509Certificate certificate(Path keyStore) throws IOException, GeneralSecurityException {
        if (!(load(keyStore).getCertificate(ALIAS) instanceof X509Certificate certificate)) {
            throw new GeneralSecurityException("no certificate named " + ALIAS + " in " + keyStore);
        }
        return certificate;
    }

    private static boolean usable(Path keyStore, Instant now) {
        if (!Files.isRegularFile(keyStore)) {
            return false;
        }
        try {
            certificate(keyStore).checkValidity(Date.from(now.plus(RENEW_BEFORE)));
            return true;
        } catch (IOException | GeneralSecurityException e) {
            Log.infof("Making the development certificate again: %s", e.getMessage());
            return false;
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("pushclock-keytool", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool took over a minute");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + Files.readString(output).strip());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
