import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Trains the JDK's AOT cache for the packaged app (Quarkus's aot-jar) in DIRECTORY: starts it with
 * {@code -XX:AOTCacheOutput=app.aot} on free loopback ports, runs what a replica does in its first
 * minute against it for SECONDS (every transport, the page, the probes, the refusals), stops it with
 * SIGTERM, and fails unless the JVM wrote the cache as it exited. It needs nothing but the JDK that
 * will run the cache (a cache works only with the JDK build that made it), so the image trains in
 * itself (src/main/docker/Dockerfile.jvm-aot) and bench/startup.sh trains the same way. JVM options
 * for the app, the same as it will run with, go in JDK_JAVA_OPTIONS, which the app inherits.
 *
 * <pre>java src/main/docker/AotTraining.java DIRECTORY [SECONDS]</pre>
 */
public final class AotTraining {

    private static final Duration STREAM = Duration.ofMillis(2500);
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]).toAbsolutePath().normalize();
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 15;
        Path cache = directory.resolve("app.aot");
        Files.deleteIfExists(cache);
        int port = freePort();
        int management = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        // Classes loaded and linked, without the method profiles the JDK would record beside them: on
        // two cores, replaying them sends the start's hot methods to C2 while the start is still
        // running, and the start is slower for it (bench/TUNING.md, "C2 out of the start's way").
        Process app = new ProcessBuilder(java, "-XX:AOTCacheOutput=app.aot", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-AOTRecordTraining", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + management, "-jar", "quarkus-run.jar")
                .directory(directory.toFile()).inheritIO().start();
        try {
            AotTraining training = new AotTraining(URI.create("http://127.0.0.1:" + port),
                    URI.create("http://127.0.0.1:" + management));
            training.awaitReady(app);
            int rounds = training.train(Duration.ofSeconds(seconds));
            System.out.println("{\"trained\":" + rounds + "}");
        } finally {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                throw new IllegalStateException("the app did not stop within a minute of SIGTERM");
            }
        }
        if (!Files.exists(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("the JVM wrote no AOT cache to " + cache);
        }
        System.out.println("{\"cache\":\"" + cache + "\",\"bytes\":" + Files.size(cache) + "}");
    }

    private final URI base;
    private final URI management;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AotTraining(URI base, URI management) {
        this.base = base;
        this.management = management;
    }

    private void awaitReady(Process app) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            if (status(management.resolve("/q/health/ready")) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the app was not ready within " + READY_WITHIN + " (alive: " + app.isAlive() + ")");
    }

    /** Rounds of every request a replica answers early in its life, each round a few seconds, until the time is up. */
    private int train(Duration duration) throws Exception {
        long until = System.nanoTime() + duration.toNanos();
        int rounds = 0;
        ExecutorService parallel = Executors.newCachedThreadPool();
        try {
            while (System.nanoTime() < until) {
                HttpResponse<Void> clock = send(HttpRequest.newBuilder(base.resolve("/api/clock")));
                send(HttpRequest.newBuilder(base.resolve("/api/clock"))
                        .header("If-None-Match", clock == null ? "\"\"" : clock.headers().firstValue("Etag").orElse("\"\"")));
                send(HttpRequest.newBuilder(base.resolve("/api/clock?zone=Asia/Tokyo")).header("Accept", "text/plain"));
                send(HttpRequest.newBuilder(base.resolve("/api/clock?zone=Nowhere")));
                List<Future<?>> together = new ArrayList<>();
                together.add(parallel.submit(() -> send(HttpRequest.newBuilder(base.resolve("/api/clock/next?timeout=1")))));
                together.add(parallel.submit(() -> stream("/api/clock/events")));
                together.add(parallel.submit(() -> stream("/api/clock/stream?zone=Europe/Paris")));
                together.add(parallel.submit(() -> stream("/iframe/clock")));
                together.add(parallel.submit(this::socket));
                for (String path : List.of("/", "/style.css", "/pushclock.js", "/page/main.js", "/api/stats", "/no/such/path")) {
                    together.add(parallel.submit(() -> send(HttpRequest.newBuilder(base.resolve(path)))));
                }
                for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
                    together.add(parallel.submit(() -> send(HttpRequest.newBuilder(management.resolve(path)))));
                }
                for (Future<?> request : together) {
                    request.get(30, TimeUnit.SECONDS);
                }
                rounds++;
            }
        } finally {
            parallel.shutdownNow();
        }
        return rounds;
    }

    /** One exchange, its body read and dropped; null if it failed (a refusal is a status, not a failure). */
    private HttpResponse<Void> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int status(URI uri) {
        HttpResponse<Void> response = send(HttpRequest.newBuilder(uri));
        return response == null ? 0 : response.statusCode();
    }

    /** A streaming response read for {@link #STREAM} (to the first read after it), then closed. */
    private Void stream(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long until = System.nanoTime() + STREAM.toNanos();
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < until && body.read(buffer) >= 0) {
                // ticks arrive once a second
            }
        }
        return null;
    }

    /** A WebSocket that asks once and listens for {@link #STREAM} (the default listener takes every message). */
    private Void socket() throws Exception {
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/clock"), new WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
        Thread.sleep(STREAM.toMillis());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
