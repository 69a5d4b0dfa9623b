package dev.pushclock.proxy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pushclock.packaged.PackagedApp;

/**
 * Debian's HAProxy, unprivileged and in the foreground, serving {@code deploy/haproxy.cfg} as
 * shipped on a free loopback port, in front of the given replicas, after a global section of the
 * test's own (logs to its output, no chroot, no user switch). Its files live in its own directory
 * under {@code target/proxies/}.
 */
public final class Haproxy implements Proxy {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("HAPROXY", "/usr/sbin/haproxy"));
    /** In an {@code option httplog} line, the status follows the five timers {@code Tq/Tw/Tc/Tr/Ta}. */
    private static final Pattern STATUS = Pattern.compile(" -?\\d+/-?\\d+/-?\\d+/-?\\d+/\\+?-?\\d+ (\\d{3}) ");

    private final ProxyProcess process;
    private final int port;

    private Haproxy(ProxyProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static void assumeInstalled() {
        Installed.assume(BINARY, "haproxy");
    }

    /** The shipped file, with only its addresses changed, in front of {@code replicas}. */
    public static Haproxy start(List<Upstream> replicas) throws Exception {
        return start(replicas, UnaryOperator.identity());
    }

    /** As {@link #start(List)}, after one of the variations {@link ShippedConfig} allows. */
    public static Haproxy start(List<Upstream> replicas, UnaryOperator<ShippedConfig> variation) throws Exception {
        assumeInstalled();
        int port = PackagedApp.freePort();
        Path dir = Path.of("target", "proxies", "haproxy-" + port).toAbsolutePath();
        ShippedConfig config = ShippedConfig.of("haproxy.cfg").listen("listen-http", port).replicas(replicas);
        Path pushclock = variation.apply(config).writeTo(dir.resolve("pushclock.cfg"));
        // The host's global section: what deploy/haproxy.cfg leaves to it, here logging to the output.
        Path global = Files.writeString(dir.resolve("global.cfg"), """
                global
                    log stdout format raw local0 info
                """);
        ProxyProcess process = ProxyProcess.start(List.of(BINARY.toString(), "-db", "-f", global.toString(),
                "-f", pushclock.toString()), dir.resolve("haproxy.log"), URI.create("http://127.0.0.1:" + port + "/api/clock"));
        return new Haproxy(process, port);
    }

    @Override
    public String name() {
        return "haproxy";
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public List<Integer> loggedStatuses() throws IOException {
        return process.output().lines().map(STATUS::matcher).filter(Matcher::find)
                .map(matcher -> Integer.valueOf(matcher.group(1))).toList();
    }

    /** Everything HAProxy logged: requests with their termination states, servers going up and down. */
    public String log() throws IOException {
        return process.output();
    }

    @Override
    public void close() {
        process.stop();
    }

    @Override
    public String toString() {
        return "haproxy at " + uri();
    }
}
