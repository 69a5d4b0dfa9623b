package dev.pushclock.packaged;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service run as a child process, as an operator runs it: the native binary when one
 * was built, else the jar. For what only a real process shows: signals, restarts, two replicas.
 */
public final class PackagedApp implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private PackagedApp(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the service on {@code port} (0: any free one) with extra configuration, and waits until it is ready. */
    public static PackagedApp start(int port, Map<String, String> config) throws Exception {
        return start(port, config, null);
    }

    /**
     * Starts the service as {@link #start(int, Map)} does, its environment being {@code environment}
     * and nothing else, as a container has only what its image and its pod spec give it.
     */
    public static PackagedApp start(int port, Map<String, String> config, Map<String, String> environment) throws Exception {
        return start(List.of(), port, config, environment);
    }

    /**
     * Starts the service as {@link #start(int, Map)} does, allowed {@code openFiles} file
     * descriptors at most (util-linux's prlimit), as a container runtime's limit would allow it.
     */
    public static PackagedApp startWithOpenFiles(int openFiles, Map<String, String> config) throws Exception {
        return start(List.of("prlimit", "--nofile=" + openFiles + ":" + openFiles, "--"), 0, config, null);
    }

    private static PackagedApp start(List<String> launcher, int port, Map<String, String> config,
            Map<String, String> environment) throws Exception {
        int chosen = port == 0 ? freePort() : port;
        int management = freePort();
        List<String> command = new ArrayList<>(launcher);
        Path nativeBinary = nativeBinary();
        if (nativeBinary != null) {
            command.add(nativeBinary.toAbsolutePath().toString());
        } else {
            assertTrue(Files.exists(JAR), JAR + " is missing: run ./mvnw package first");
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        command.add("-Dquarkus.http.port=" + chosen);
        command.add("-Dquarkus.management.port=" + management);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (nativeBinary == null) {
            command.add("-jar");
            command.add(JAR.toAbsolutePath().toString());
        }
        Path log = Path.of("target", "packaged-app-" + chosen + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        PackagedApp app = new PackagedApp(builder.start(), chosen, management, log);
        app.awaitReady(Duration.ofSeconds(30));
        return app;
    }

    private static Path nativeBinary() {
        String path = System.getProperty("native.image.path");
        return path != null && Files.isExecutable(Path.of(path)) ? Path.of(path) : null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI uri() {
        return URI.create("http://localhost:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** Quarkus's management interface: health, metrics, OpenAPI. */
    public URI managementUri() {
        return URI.create("http://localhost:" + managementPort + "/");
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The status of {@code /q/health/ready}, or -1 when nothing answers. */
    public int readiness() {
        return status(managementUri().resolve("/q/health/ready"));
    }

    /** The status a GET of {@code uri} gets within 2 s, or -1 where it gets none. */
    public static int status(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private void awaitReady(Duration atMost) throws Exception {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        while (readiness() != 200) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the packaged app did not become ready within " + atMost + ":\n"
                        + Files.readString(log));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown at all, every connection reset, as when a node dies or the OOM killer strikes. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end, at most {@code atMost}; its exit code. */
    public int awaitExit(Duration atMost) throws Exception {
        assertTrue(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS),
                "still running " + atMost + " after SIGTERM:\n" + Files.readString(log));
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
