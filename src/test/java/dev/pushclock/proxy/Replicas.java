package dev.pushclock.proxy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.pushclock.packaged.PackagedApp;

/**
 * Two packaged replicas of the service side by side, each with its own ports, configured as
 * {@code deploy/replica.properties} says a replica behind the shipped proxies must be: the one
 * change is the trusted proxy, which here is loopback.
 */
public final class Replicas implements AutoCloseable {

    static final String TRUSTED_PROXIES = "quarkus.http.proxy.trusted-proxies";

    private final PackagedApp a;
    private final PackagedApp b;

    private Replicas(PackagedApp a, PackagedApp b) {
        this.a = a;
        this.b = b;
    }

    /** One after the other: started together on a busy machine, each could miss PackagedApp's start deadline. */
    public static Replicas start(Map<String, String> config) throws Exception {
        Map<String, String> behindProxies = shippedSettings();
        behindProxies.putAll(config);
        PackagedApp a = PackagedApp.start(0, behindProxies);
        try {
            return new Replicas(a, PackagedApp.start(0, behindProxies));
        } catch (Exception | AssertionError failed) {
            a.close();
            throw failed;
        }
    }

    /** deploy/replica.properties, trusting the proxies on loopback instead of the address it ships with. */
    static Map<String, String> shippedSettings() throws IOException {
        Properties shipped = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of("deploy", "replica.properties"))) {
            shipped.load(file);
        }
        Map<String, String> settings = new HashMap<>();
        shipped.stringPropertyNames().forEach(key -> settings.put(key, shipped.getProperty(key)));
        if (settings.put(TRUSTED_PROXIES, "127.0.0.1") == null) {
            throw new AssertionError("deploy/replica.properties names no " + TRUSTED_PROXIES);
        }
        return settings;
    }

    public PackagedApp a() {
        return a;
    }

    public PackagedApp b() {
        return b;
    }

    /** Both, as a proxy configuration names them: replica-1 is {@link #a()}. */
    public List<Upstream> upstreams() {
        return List.of(Upstream.of(a), Upstream.of(b));
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
