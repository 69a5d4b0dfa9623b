package dev.pushclock.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
 * localhost ({@link LocalhostKeyStore}: once, and again when it is about to expire) in
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
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || userConfiguredTls(context)) {
            return List.of();
        }
        Path directory = directory(context);
        try {
            Path keyStore = LocalhostKeyStore.ensure(directory, Instant.now());
            return List.of(new PropertiesConfigSource(Map.of(
                    "quarkus.tls." + CONFIGURATION + ".key-store.p12.path", keyStore.toString(),
                    "quarkus.tls." + CONFIGURATION + ".key-store.p12.password", LocalhostKeyStore.PASSWORD,
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
}
