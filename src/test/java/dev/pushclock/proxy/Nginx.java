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
 * Debian's nginx, unprivileged and in the foreground, serving {@code deploy/nginx.conf} as shipped
 * on free loopback ports, in front of the given replicas. Everything it writes (pid, logs, temporary
 * files, the rendered configuration and the test certificate) lives in its own directory under
 * {@code target/proxies/}.
 */
public final class Nginx implements Proxy {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("NGINX", "/usr/sbin/nginx"));
    private static final Pattern STATUS = Pattern.compile("^(\\d{3}) ");

    private final ProxyProcess process;
    private final Path dir;
    private final int httpPort;
    private final int httpsPort;

    private Nginx(ProxyProcess process, Path dir, int httpPort, int httpsPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    public static void assumeInstalled() {
        Installed.assume(BINARY, "nginx");
    }

    /** The shipped file, with only its addresses changed, in front of {@code replicas}. */
    public static Nginx start(List<Upstream> replicas) throws Exception {
        return start(replicas, UnaryOperator.identity());
    }

    /** As {@link #start(List)}, after one of the variations {@link ShippedConfig} allows. */
    public static Nginx start(List<Upstream> replicas, UnaryOperator<ShippedConfig> variation) throws Exception {
        assumeInstalled();
        int httpPort = PackagedApp.freePort();
        int httpsPort = PackagedApp.freePort();
        Path dir = Path.of("target", "proxies", "nginx-" + httpPort).toAbsolutePath();
        ShippedConfig config = ShippedConfig.of("nginx.conf").listen("listen-http", httpPort).listen("listen-https", httpsPort)
                .replicas(replicas);
        variation.apply(config).writeTo(dir.resolve("pushclock.conf"));
        // deploy/nginx.conf names its certificate relative to the configuration directory, as in /etc/nginx/tls/
        TestCertificate.get().writePem(dir.resolve("tls/pushclock.crt"), dir.resolve("tls/pushclock.key"));
        Files.createDirectories(dir.resolve("temp"));
        Files.writeString(dir.resolve("nginx.conf"), host(dir));
        ProxyProcess process = ProxyProcess.start(List.of(BINARY.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString()), dir.resolve("nginx.out"),
                URI.create("http://127.0.0.1:" + httpPort + "/api/clock"));
        return new Nginx(process, dir, httpPort, httpsPort);
    }

    /**
     * The host's part of the configuration, as Debian's stock /etc/nginx/nginx.conf has it (gzip on
     * included, which deploy/nginx.conf must override), with every path under {@code dir}.
     */
    private static String host(Path dir) {
        return """
                daemon off;
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                events {
                    worker_connections 65536;
                }
                http {
                    sendfile on;
                    tcp_nopush on;
                    types_hash_max_size 2048;
                    default_type application/octet-stream;
                    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
                    ssl_prefer_server_ciphers on;
                    log_format statuses '$status $upstream_status "$request" $upstream_addr $request_time';
                    access_log %1$s/access.log statuses;
                    gzip on;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    include %1$s/pushclock.conf;
                }
                """.formatted(dir);
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    /** Its TLS listener, which speaks HTTP/2 to clients that offer it. */
    public URI httpsUri() {
        return URI.create("https://localhost:" + httpsPort + "/");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public List<Integer> loggedStatuses() throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().map(STATUS::matcher).filter(Matcher::find)
                .map(matcher -> Integer.valueOf(matcher.group(1))).toList();
    }

    /** The error log: why nginx cut or retried something. */
    public String errorLog() throws IOException {
        return Files.readString(dir.resolve("error.log"));
    }

    @Override
    public void close() {
        process.stop();
    }

    @Override
    public String toString() {
        return "nginx at " + uri();
    }
}
