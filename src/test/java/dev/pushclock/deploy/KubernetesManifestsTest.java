package dev.pushclock.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.clock.TickPeriod;
import dev.pushclock.clock.Zones;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The kustomize base, read with the real Kubernetes model: no field the model does not know, and
 * everything in it agrees with the application — port, probes, shutdown timing, config keys,
 * image, selectors.
 */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of("kubernetes");
    private static final Set<String> PLAIN_KUSTOMIZE_FIELDS = Set.of("apiVersion", "kind", "resources", "images",
            "commonLabels");

    static Map<String, Object> kustomization;
    static final Map<Class<?>, HasMetadata> manifests = new LinkedHashMap<>();
    static Properties app;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        kustomization = new ObjectMapper(new YAMLFactory()).readValue(BASE.resolve("kustomization.yaml").toFile(), Map.class);
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (String file : (List<String>) kustomization.get("resources")) {
            try (InputStream in = Files.newInputStream(BASE.resolve(file))) {
                HasMetadata manifest = serialization.unmarshal(in);
                assertNotNull(manifest, file);
                manifests.put(manifest.getClass(), manifest);
            }
        }
        app = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T manifest(Class<T> kind) {
        T manifest = (T) manifests.get(kind);
        assertNotNull(manifest, "kustomization.yaml lists no " + kind.getSimpleName());
        return manifest;
    }

    static PodSpec pod() {
        return manifest(Deployment.class).getSpec().getTemplate().getSpec();
    }

    static Container container() {
        assertEquals(1, pod().getContainers().size());
        return pod().getContainers().get(0);
    }

    @Test
    void theKustomizationUsesOnlyFieldsEveryKustomizeUnderstands() {
        assertTrue(PLAIN_KUSTOMIZE_FIELDS.containsAll(kustomization.keySet()), "fields: " + kustomization.keySet());
        assertEquals(Set.of(ConfigMap.class, Deployment.class, Service.class, Ingress.class, HorizontalPodAutoscaler.class,
                PodDisruptionBudget.class), manifests.keySet());
    }

    @Test
    void everyFieldIsOneTheKubernetesModelKnows() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata manifest : manifests.values()) {
            collectUnknown(manifest, manifest.getKind(), unknown);
        }
        assertEquals(List.of(), unknown, "fields the Kubernetes model does not know (misspelt or misplaced)");
    }

    /** fabric8 keeps a field it does not know in additionalProperties: walk every model object for them. */
    private static void collectUnknown(Object node, String path, List<String> unknown) throws Exception {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                collectUnknown(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknown(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    @Test
    void theContainerListensWhereTheApplicationDoesAndRunsTheNativeImageOfThisVersion() {
        String port = app.getProperty("quarkus.http.port", "8080");
        assertEquals(Integer.parseInt(port), container().getPorts().get(0).getContainerPort());
        assertEquals("http", container().getPorts().get(0).getName());
        String tag = System.getProperty("project.version") + "-native";
        assertEquals("pushclock:" + tag, container().getImage());
        @SuppressWarnings("unchecked")
        Map<String, Object> image = ((List<Map<String, Object>>) kustomization.get("images")).get(0);
        assertEquals("pushclock", image.get("name"));
        assertEquals(tag, image.get("newTag"));
    }

    @Test
    void theProbesAskTheHealthEndpoints() {
        assertEquals("/q/health/started", container().getStartupProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", container().getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", container().getReadinessProbe().getHttpGet().getPath());
        for (Probe probe : List.of(container().getStartupProbe(), container().getLivenessProbe(),
                container().getReadinessProbe())) {
            assertEquals("http", probe.getHttpGet().getPort().getStrVal());
        }
    }

    @Test
    void theGracePeriodCoversPreStopAndTheApplicationsGracefulShutdown() {
        long preStop = container().getLifecycle().getPreStop().getSleep().getSeconds();
        long delay = Duration.parse("PT" + app.getProperty("quarkus.shutdown.delay").toUpperCase()).toSeconds();
        long timeout = Duration.parse("PT" + app.getProperty("quarkus.shutdown.timeout").toUpperCase()).toSeconds();
        assertEquals("true", app.getProperty("quarkus.shutdown.delay-enabled"));
        long needed = preStop + delay + timeout;
        long grace = pod().getTerminationGracePeriodSeconds();
        assertTrue(needed + 5 <= grace, "preStop " + preStop + " s + delay " + delay + " s + timeout " + timeout
                + " s leave no margin in a grace period of " + grace + " s");
    }

    @Test
    void thePodRunsLockedDown() {
        assertTrue(pod().getSecurityContext().getRunAsNonRoot());
        var security = container().getSecurityContext();
        assertTrue(security.getReadOnlyRootFilesystem());
        assertFalse(security.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(pod().getVolumes().stream().anyMatch(volume -> volume.getEmptyDir() != null)
                && container().getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/tmp")),
                "a read-only root needs a writable /tmp");
    }

    /** The arguments of a Dockerfile's last instruction of that name. */
    private static String instruction(String dockerfile, String name) throws IOException {
        return Files.readAllLines(Path.of("src/main/docker", dockerfile)).stream()
                .filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1).trim())
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError(dockerfile + " has no " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native-micro" })
    void eachImageRunsAsAnUnprivilegedUserOnTheApplicationsPort(String dockerfile) throws IOException {
        assertTrue(Integer.parseInt(instruction(dockerfile, "USER")) > 0, dockerfile + " runs as root");
        assertEquals(app.getProperty("quarkus.http.port", "8080"), instruction(dockerfile, "EXPOSE"));
    }

    @Test
    void theNativeImageRunsAsTheUserThePodAsksFor() throws IOException {
        assertEquals(pod().getSecurityContext().getRunAsUser(), Long.valueOf(instruction("Dockerfile.native-micro", "USER")));
    }

    @Test
    void theJvmImageCarriesTheWholeFastJarAndStartsIt() throws IOException {
        assertFalse(app.containsKey("quarkus.package.jar.type"), "the image expects Quarkus's default fast-jar layout");
        List<String> lines = Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm"));
        List<String> copied = lines.stream().filter(line -> line.startsWith("COPY "))
                .map(line -> line.split("\\s+")[2]).toList();
        assertEquals(List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/"), copied);
        assertTrue(lines.contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""), "the image starts the fast jar");
    }

    @Test
    void theConfigMapIsMountedWhereTheNativeImageReadsItsConfig() throws IOException {
        String workdir = Files.readAllLines(Path.of("src/main/docker/Dockerfile.native-micro")).stream()
                .filter(line -> line.startsWith("WORKDIR ")).map(line -> line.substring(8).trim()).findFirst()
                .orElseThrow();
        var mount = container().getVolumeMounts().stream().filter(m -> m.getName().equals("config")).findFirst()
                .orElseThrow();
        assertEquals(Path.of(workdir, "config"), Path.of(mount.getMountPath()), "Quarkus reads ./config/application.properties");
        var volume = pod().getVolumes().stream().filter(v -> v.getName().equals("config")).findFirst().orElseThrow();
        assertEquals(manifest(ConfigMap.class).getMetadata().getName(), volume.getConfigMap().getName());
    }

    @Test
    void everyConfigMapKeyIsAPropertyOfClockConfigWithAValidValue() throws IOException {
        ConfigMap configMap = manifest(ConfigMap.class);
        assertEquals(Set.of("application.properties"), configMap.getData().keySet());
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.getData().get("application.properties")));
        assertFalse(properties.isEmpty());
        for (String key : properties.stringPropertyNames()) {
            assertTrue(key.startsWith("pushclock."), key + " is not a pushclock setting");
        }
        // SmallRye refuses a key under the mapping's prefix that maps to no property of it
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(ClockConfig.class)
                .withSources(new PropertiesConfigSource(toMap(properties), "kubernetes/configmap.yaml", 500))
                .build();
        ClockConfig clock = config.getConfigMapping(ClockConfig.class);
        TickPeriod.of(clock.tickPeriod());
        assertTrue(Zones.parse(clock.defaultZone()).isPresent(), clock.defaultZone());
        for (String key : properties.stringPropertyNames()) {
            assertEquals(properties.getProperty(key), config.getRawValue(key), key);
        }
    }

    @Test
    void misspeltKeysWouldBeCaught() {
        Map<String, String> misspelt = Map.of("pushclock.tick-perod", "1s");
        try {
            new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter()).withMapping(ClockConfig.class)
                    .withSources(new PropertiesConfigSource(misspelt, "test", 500)).build();
            fail("a key that maps to nothing was accepted: the ConfigMap check above proves nothing");
        } catch (RuntimeException expected) {
            assertTrue(expected.getMessage().contains("tick-perod"), expected.getMessage());
        }
    }

    @Test
    void selectorsMatchThePodsLabels() {
        Map<String, String> labels = manifest(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(labels.entrySet().containsAll(
                manifest(Deployment.class).getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(labels.entrySet().containsAll(manifest(Service.class).getSpec().getSelector().entrySet()));
        assertTrue(labels.entrySet().containsAll(
                manifest(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels().entrySet()));
    }

    @Test
    void theServiceIngressAutoscalerAndBudgetPointAtEachOther() {
        Service service = manifest(Service.class);
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        var backend = manifest(Ingress.class).getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertEquals(service.getMetadata().getName(), backend.getName());
        assertEquals(service.getSpec().getPorts().get(0).getName(), backend.getPort().getName());
        HorizontalPodAutoscaler hpa = manifest(HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(manifest(Deployment.class).getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "one replica leaves clients nowhere to go during a rollout");
        assertTrue(manifest(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal() < hpa.getSpec().getMinReplicas(),
                "a budget that allows no disruption blocks every node drain");
    }

    @Test
    void theIngressKeepsStreamsOpenAndUnbuffered() {
        Map<String, String> annotations = manifest(Ingress.class).getMetadata().getAnnotations();
        assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-buffering"));
        assertTrue(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")) >= 3600);
        assertTrue(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout")) >= 3600);
        assertEquals("1.1", annotations.get("nginx.ingress.kubernetes.io/proxy-http-version"));
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
