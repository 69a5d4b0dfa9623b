package dev.pushclock.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pushclock.packaged.PackagedApp;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The base's settings reach the packaged application the way the pod gives them: the generated
 * ConfigMap's application.properties, found through the Deployment's environment and nothing else.
 * It starts with exactly that environment, answers each probe on the port the probe names, and
 * enforces a per-replica cap that only that file sets. A misspelt key in the same file stops it at
 * start, so a ConfigMap that starts holds only keys the application knows.
 */
class DeploymentConfigIT {

    /** The streaming transports, by the id their cap is keyed on, and their paths (README's HTTP contract). */
    private static final Map<String, String> STREAMS = new TreeMap<>(Map.of("ndjson", "/api/clock/stream",
            "iframe", "/iframe/clock", "sse", "/api/clock/events"));

    @TempDir
    static Path mounted;

    static Container container;
    static String settings;
    static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        Kustomize.assumeAvailable();
        List<HasMetadata> base = Kustomize.render(Kustomize.BASE);
        container = Kustomize.only(base, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        settings = Kustomize.only(base, ConfigMap.class).getData().get("application.properties");
        app = PackagedApp.start(0, Map.of(), environment(settings));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The container's environment, its settings file written where QUARKUS_CONFIG_LOCATIONS says, under a temporary root. */
    static Map<String, String> environment(String file) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            assertNull(variable.getValueFrom(), variable.getName() + " comes from the cluster; this test cannot follow it");
            environment.put(variable.getName(), variable.getValue());
        }
        String location = environment.get("QUARKUS_CONFIG_LOCATIONS");
        assertNotNull(location, "the Deployment does not tell the application where its settings are");
        Path copy = Files.createTempDirectory(mounted, "pod").resolve(location.substring(1));
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, file);
        environment.put("QUARKUS_CONFIG_LOCATIONS", copy.toString());
        return environment;
    }

    @Test
    void everyProbeIsAnsweredOnThePortItNames() throws Exception {
        Map<String, Integer> ports = Map.of("http", app.port(), "management", app.managementPort());
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            Integer port = ports.get(probe.getHttpGet().getPort().getStrVal());
            assertNotNull(port, "a probe on a port the application does not open: " + probe.getHttpGet().getPort());
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + probe.getHttpGet().getPath())).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), probe.getHttpGet().getPath() + ": " + answer.body());
        }
    }

    @Test
    void theConfigMapsConnectionCapIsTheOneEnforced() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(settings));
        Map.Entry<String, String> tightest = STREAMS.entrySet().stream()
                .filter(stream -> properties.containsKey("pushclock.max-connections." + stream.getKey()))
                .min(Comparator.comparingInt(stream -> Integer.parseInt(properties.getProperty("pushclock.max-connections." + stream.getKey()))))
                .orElseThrow(() -> new AssertionError("the ConfigMap caps no stream: nothing here shows it is read"));
        int cap = Integer.parseInt(properties.getProperty("pushclock.max-connections." + tightest.getKey()));
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < cap; i++) {
                Socket socket = new Socket();
                open.add(socket);
                assertEquals(200, status(socket, tightest.getValue()), tightest.getKey() + " stream " + (i + 1) + " of " + cap);
            }
            Socket beyond = new Socket();
            open.add(beyond);
            assertEquals(503, status(beyond, tightest.getValue()),
                    "stream " + (cap + 1) + " admitted: the ConfigMap's pushclock.max-connections." + tightest.getKey() + " is not in force");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    /** Opens a stream on the socket and reads only its status line. */
    private static int status(Socket socket, String path) throws IOException {
        socket.connect(new InetSocketAddress("localhost", app.port()), 5_000);
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertNotNull(line, "closed without an answer");
        return Integer.parseInt(line.split(" ")[1]);
    }

    @Test
    void aMisspeltKeyInTheConfigMapStopsTheApplication() throws Exception {
        String misspelt = "pushclock.tick-perod";
        AssertionError refused = assertThrows(AssertionError.class,
                () -> PackagedApp.start(0, Map.of(), environment(settings + "\n" + misspelt + "=1s\n")).close());
        assertTrue(refused.getMessage().contains(misspelt + " in PropertiesConfigSource[source=file:"),
                "the application did not refuse " + misspelt + ":\n" + refused.getMessage());
    }
}
