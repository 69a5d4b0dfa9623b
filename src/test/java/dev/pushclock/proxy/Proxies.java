package dev.pushclock.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * nginx and HAProxy in front of the same replicas, each started on first use (so where one is not
 * installed only its tests are skipped) and closed together.
 */
public final class Proxies implements AutoCloseable {

    /** The proxies a test runs through, by {@link Proxy#name()}. */
    public static final List<String> NAMES = List.of("nginx", "haproxy");

    private static Proxies shared;

    private final List<Upstream> replicas;
    private final UnaryOperator<ShippedConfig> variation;
    private final Map<String, Proxy> started = new LinkedHashMap<>();

    public Proxies(List<Upstream> replicas) {
        this(replicas, UnaryOperator.identity());
    }

    public Proxies(List<Upstream> replicas, UnaryOperator<ShippedConfig> variation) {
        this.replicas = replicas;
        this.variation = variation;
    }

    /**
     * Both proxies in front of two replicas of the default configuration, started once for every
     * test class that only watches the clock through them, and stopped when the test JVM ends.
     */
    public static synchronized Proxies shared() throws Exception {
        if (shared == null) {
            Replicas replicas = Replicas.start(Map.of());
            Proxies proxies = new Proxies(replicas.upstreams());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                proxies.close();
                replicas.close();
            }));
            shared = proxies;
        }
        return shared;
    }

    public synchronized Proxy get(String name) throws Exception {
        Proxy proxy = started.get(name);
        if (proxy == null) {
            proxy = switch (name) {
                case "nginx" -> Nginx.start(replicas, variation);
                case "haproxy" -> Haproxy.start(replicas, variation);
                default -> throw new IllegalArgumentException("no proxy " + name);
            };
            started.put(name, proxy);
        }
        return proxy;
    }

    /** Every proxy started so far. */
    public synchronized List<Proxy> started() {
        return new ArrayList<>(started.values());
    }

    @Override
    public synchronized void close() {
        started.values().forEach(Proxy::close);
        started.clear();
    }
}
