package dev.pushclock.proxy;


import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.pushclock.ops.LocalhostKeyStore;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made under {@code target/} by the same
 * keytool run dev mode makes its own with ({@link DevCertificate}), and never committed: nginx
 * gets it as PEM files, test clients trust exactly it.
 */
public final class TestCertificate {

    private static final Path DIR = Path.of("target", "proxies", "tls");
    private static TestCertificate made;

    private final X509Certificate certificate;
    private final PrivateKey key;

    private TestCertificate(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    public static synchronized TestCertificate get() throws Exception {
        if (made == null) {
            made = generate();
        }
        return made;
    }

    private static TestCertificate generate() throws Exception {
        KeyStore keyStore = LocalhostKeyStore.load(LocalhostKeyStore.ensure(DIR, Instant.now()));
        return new TestCertificate((X509Certificate) keyStore.getCertificate(LocalhostKeyStore.ALIAS),
                (PrivateKey) keyStore.getKey(LocalhostKeyStore.ALIAS, LocalhostKeyStore.PASSWORD.toCharArray()));
    }

    /** Writes the certificate and its key as PEM, as nginx reads them. */
    public void writePem(Path certificateFile, Path keyFile) throws Exception {
        Files.createDirectories(certificateFile.getParent());
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingIt() throws Exception {
        return trusting(certificate);
    }

    /** A TLS context that trusts {@code certificate} and nothing else. */
    public static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("localhost", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
