package dev.pushclock.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A proxy run in the foreground as a child of the test: started, awaited, stopped; never left behind. */
final class ProxyProcess {

    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final Process process;
    private final Path output;
    private final Thread reaper;

    private ProxyProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
        // A test JVM that ends without closing it must not leave a proxy listening on the machine.
        this.reaper = new Thread(this::stop);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Runs {@code command}, its output to {@code output}, and waits until {@code probe} answers 200. */
    static ProxyProcess start(List<String> command, Path output, URI probe) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        ProxyProcess started = new ProxyProcess(process, output);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.currentTimeMillis() + START.toMillis();
        for (;;) {
            if (!process.isAlive()) {
                throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + Files.readString(output));
            }
            try {
                // the status is enough: a body that never ended would hold send() however short its timeout
                HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                response.body().close();
                if (response.statusCode() == 200) {
                    return started;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                started.stop();
                throw new AssertionError(command + " did not answer " + probe + " within " + START + ":\n"
                        + Files.readString(output));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    /** SIGTERM, which both proxies take as "stop now"; SIGKILL to it and its workers if it lingers. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }
}
