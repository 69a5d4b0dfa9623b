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
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quarkus.logging.Log;

/**
 * A self-signed certificate for localhost, made with the JDK's keytool: an EC key, valid for a year
 * for {@code localhost}, 127.0.0.1 and ::1, in a PKCS#12 key store readable by its owner alone, with
 * the certificate beside it as PEM. Dev mode serves HTTPS with it ({@link DevCertificate}), and the
 * tests make their TLS certificates with it too.
 */
public final class LocalhostKeyStore {

    static final String KEY_STORE = "localhost.p12";
    static final String CERTIFICATE = "localhost.crt";
    /** Guards nothing (the key is for localhost only, and in the user's home); the PKCS#12 format wants one. */
    public static final String PASSWORD = "pushclock-dev";
    public static final String ALIAS = "localhost";
    private static final int VALID_DAYS = 365;
    /** A certificate with less than this left is made again, rather than expiring mid-session. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private LocalhostKeyStore() {
    }

    /**
     * The key store in {@code directory}, made (with the certificate beside it as PEM, for trust
     * stores and {@code curl --cacert}) when it is missing, unreadable or close to expiring.
     */
    public static Path ensure(Path directory, Instant now)
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

    /** The key store made by {@link #ensure}, loaded. */
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
