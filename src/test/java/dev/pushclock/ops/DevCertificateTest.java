package dev.pushclock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/**
 * The development certificate: made once for localhost, kept while it lasts, made again when it is
 * about to expire or cannot be read, and never offered outside the dev profile or over a TLS
 * configuration of the user's own.
 */
class DevCertificateTest {

    @TempDir
    Path directory;

    private static ConfigSourceContext context(List<String> profiles, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return profiles;
            }
        };
    }

    private Map<String, String> properties(List<String> profiles, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(more);
        values.put(DevCertificate.DIRECTORY, directory.toString());
        Map<String, String> seen = new HashMap<>();
        for (ConfigSource source : new DevCertificate().getConfigSources(context(profiles, values))) {
            source.getPropertyNames().forEach(name -> seen.put(name, source.getValue(name)));
        }
        return seen;
    }

    @Test
    void theDevProfileGetsACertificateForLocalhost() throws Exception {
        Map<String, String> seen = properties(List.of("dev"), Map.of());
        assertEquals("pushclock-dev", seen.get("quarkus.http.tls-configuration-name"));
        Path keyStore = Path.of(seen.get("quarkus.tls.pushclock-dev.key-store.p12.path"));
        X509Certificate certificate = LocalhostKeyStore.certificate(keyStore);
        certificate.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(300))));
        List<String> names = new ArrayList<>();
        certificate.getSubjectAlternativeNames().forEach(name -> names.add(String.valueOf(name.get(1))));
        assertTrue(names.containsAll(List.of("localhost", "127.0.0.1")), "names: " + names);
        assertTrue(Files.isRegularFile(directory.resolve(LocalhostKeyStore.CERTIFICATE)), "the PEM to trust is beside it");
    }

    @Test
    void aCertificateThatLastsIsKeptAndOneAboutToExpireIsMadeAgain() throws Exception {
        Instant now = Instant.now();
        Path keyStore = LocalhostKeyStore.ensure(directory, now);
        X509Certificate first = LocalhostKeyStore.certificate(keyStore);
        assertEquals(first, LocalhostKeyStore.certificate(LocalhostKeyStore.ensure(directory, now.plus(Duration.ofDays(30)))),
                "kept, so that a browser that trusts it keeps trusting it");
        X509Certificate renewed = LocalhostKeyStore.certificate(LocalhostKeyStore.ensure(directory, now.plus(Duration.ofDays(360))));
        assertNotEquals(first, renewed, "made again a week before it expires");
    }

    @Test
    void anUnreadableKeyStoreIsMadeAgain() throws Exception {
        Files.writeString(directory.resolve(LocalhostKeyStore.KEY_STORE), "not a key store");
        Path keyStore = LocalhostKeyStore.ensure(directory, Instant.now());
        assertEquals("CN=localhost", LocalhostKeyStore.certificate(keyStore).getSubjectX500Principal().getName());
    }

    @Test
    void otherProfilesAndTheUsersOwnTlsAreLeftAlone() {
        assertEquals(Map.of(), properties(List.of("prod"), Map.of()));
        assertEquals(Map.of(), properties(List.of("test"), Map.of()));
        assertEquals(Map.of(), properties(List.of("dev"), Map.of("quarkus.http.tls-configuration-name", "mine")));
        assertEquals(Map.of(), properties(List.of("dev"), Map.of("quarkus.tls.key-store.p12.path", "/etc/mine.p12")));
        assertFalse(Files.exists(directory.resolve(LocalhostKeyStore.KEY_STORE)), "nothing made for them");
    }
}
