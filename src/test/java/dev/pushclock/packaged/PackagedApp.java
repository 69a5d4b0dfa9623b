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
    /** Where {@code /q/health} answers: the management interface when the build has one, else the application's port. */
    private volatile int healthPort;

    private PackagedApp(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.healthPort = port;
        this.log = log;
    }

    /** Starts the service on {@code port} (0: any free one) with extra configuration, and waits until it is ready. */
    public static PackagedApp start(int port, Map<String, String> config) throws Exception {
        return start(port, 0, config);
    }

    /**
     * As {@link #start(int, Map)}, with Quarkus's management interface ({@code /q/*}, when the build
     * turns it on) on {@code managementPort} (0: any free one): replicas on one machine each need their own.
     */
    public static PackagedApp start(int port, int managementPort, Map<String, String> config) throws Exception {
        int chosen = port == 0 ? freePort() : port;
        int chosenManagement = managementPort == 0 ? freePort() : managementPort;
        List<String> command = new ArrayList<>();
        Path nativeBinary = nativeBinary();
        if (nativeBinary != null) {
            command.add(nativeBinary.toAbsolutePath().toString());
        } else {
            assertTrue(Files.exists(JAR), JAR + " is missing: run ./mvnw package first");
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        command.add("-Dquarkus.http.port=" + chosen);
        command.add("-Dquarkus.management.port=" + chosenManagement);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (nativeBinary == null) {
            command.add("-jar");
            command.add(JAR.toAbsolutePath().toString());
        }
        Path log = Path.of("target", "packaged-app-" + chosen + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PackagedApp app = new PackagedApp(process, chosen, chosenManagement, log);
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

    /** The port given to Quarkus's management interface, whether or not the build turns it on. */
    public int managementPort() {
        return managementPort;
    }

    /** The port that serves {@code /q/health}: the management interface's when the build has one, else {@link #port()}. */
    public int healthPort() {
        return healthPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The status of {@code /q/health/ready}, or -1 when nothing answers. */
    public int readiness() {
        return readiness(healthPort);
    }

    private static int readiness(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** Ready on the management port, or on the application's where the build has no management interface. */
    private boolean ready() {
        for (int candidate : List.of(managementPort, port)) {
            if (readiness(candidate) == 200) {
                healthPort = candidate;
                return true;
            }
        }
        return false;
    }

    private void awaitReady(Duration atMost) throws Exception {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        while (!ready()) {
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
