package dev.pushclock.proxy;

import java.util.List;
import java.util.Map;

import dev.pushclock.packaged.PackagedApp;

/** Two packaged replicas of the service side by side, each with its own ports. */
public final class Replicas implements AutoCloseable {

    private final PackagedApp a;
    private final PackagedApp b;

    private Replicas(PackagedApp a, PackagedApp b) {
        this.a = a;
        this.b = b;
    }

    /** One after the other: started together on a busy machine, each could miss PackagedApp's start deadline. */
    public static Replicas start(Map<String, String> config) throws Exception {
        PackagedApp a = PackagedApp.start(0, config);
        try {
            return new Replicas(a, PackagedApp.start(0, config));
        } catch (Exception | AssertionError failed) {
            a.close();
            throw failed;
        }
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
