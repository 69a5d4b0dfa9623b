package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import dev.pushclock.packaged.PackagedApp;
import io.quarkus.logging.Log;

/**
 * Debian's nginx in front of the packaged app, configured as a proxy that was never told about
 * WebSockets: it passes no {@code Upgrade} header (nginx's default), so a WebSocket handshake
 * reaches the service as a plain GET and gets its 426, while every HTTP transport streams through
 * ({@code X-Accel-Buffering: no} turns nginx's buffering off). Skipped loudly where nginx is
 * missing, unless the browser tests are required ({@code PUSHCLOCK_REQUIRE_BROWSER}, as in CI).
 */
final class ProxyWithoutWebSocket implements AutoCloseable {

    static final Path NGINX = Path.of(System.getenv().getOrDefault("NGINX", "/usr/sbin/nginx"));

    private static final String CONFIG = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid %1$s/nginx.pid;
            error_log %1$s/error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path %1$s/body;
              proxy_temp_path %1$s/proxy;
              fastcgi_temp_path %1$s/fastcgi;
              uwsgi_temp_path %1$s/uwsgi;
              scgi_temp_path %1$s/scgi;
              server {
                listen 127.0.0.1:%2$d;
                location / {
                  proxy_pass http://127.0.0.1:%3$d;
                  proxy_http_version 1.1;
                  proxy_set_header Host $http_host;
                  proxy_set_header Connection "";
                  proxy_read_timeout 150s;
                }
              }
            }
            """;

    private final Process process;
    private final int port;
    private final Path directory;

    private ProxyWithoutWebSocket(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    static void assumeAvailable() {
        if (!Files.isExecutable(NGINX)) {
            String missing = "nginx (" + NGINX + ") is not installed: apt-get install -y nginx";
            if (Boolean.parseBoolean(System.getenv().getOrDefault("PUSHCLOCK_REQUIRE_BROWSER", "false"))) {
                Assertions.fail(missing);
            }
            Log.warnf("%n%s%n  PROXY TEST SKIPPED: %s%n%s", "*".repeat(100), missing, "*".repeat(100));
            Assumptions.abort(missing);
        }
    }

    /** Starts nginx on a free port in front of the service on {@code upstreamPort}, and waits until it listens. */
    static ProxyWithoutWebSocket start(int upstreamPort) throws Exception {
        Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "nginx-");
        int port = PackagedApp.freePort();
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, String.format(CONFIG, directory, port, upstreamPort));
        Process process = new ProcessBuilder(NGINX.toString(), "-p", directory.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("out.log").toFile()).start();
        ProxyWithoutWebSocket proxy = new ProxyWithoutWebSocket(process, port, directory);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!proxy.listens()) {
            assertTrue(process.isAlive(), "nginx exited: " + Files.readString(directory.resolve("out.log")));
            assertTrue(System.nanoTime() < deadline, "nginx did not listen on " + port + " within 10 s");
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return proxy;
    }

    private boolean listens() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.debugf("nginx in %s stopped", directory);
    }
}
