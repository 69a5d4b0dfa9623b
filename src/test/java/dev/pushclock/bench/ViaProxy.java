package dev.pushclock.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.pushclock.proxy.Haproxy;
import dev.pushclock.proxy.Nginx;
import dev.pushclock.proxy.Proxy;
import dev.pushclock.proxy.Upstream;

/**
 * For the benchmark's {@code pushclock-via-nginx} and {@code pushclock-via-haproxy} servers: the
 * proxy, run from its shipped file exactly as the integration tests run it, in front of the one
 * pushclock under test (both replica lines name it). Prints the proxy's URL once it answers, then
 * runs until stopped; the proxy stops with it.
 *
 * <pre>java … dev.pushclock.bench.ViaProxy nginx|haproxy PUSHCLOCK_PORT MANAGEMENT_PORT</pre>
 */
public final class ViaProxy {

    private ViaProxy() {
    }

    public static void main(String[] args) throws Exception {
        Upstream pushclock = new Upstream("127.0.0.1", Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        List<Upstream> replicas = List.of(pushclock, pushclock);
        Proxy proxy = switch (args[0]) {
            case "nginx" -> Nginx.start(replicas);
            case "haproxy" -> Haproxy.start(replicas);
            default -> throw new IllegalArgumentException("no proxy " + args[0] + ": nginx or haproxy");
        };
        System.out.println(proxy.uri());
        new CountDownLatch(1).await();
    }
}
