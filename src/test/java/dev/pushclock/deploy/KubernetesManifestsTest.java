package dev.pushclock.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.pushclock.proxy.ShippedConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.quarkus.runtime.configuration.DurationConverter;

/**
 * kubernetes/ rendered by kubectl, base and every overlay, read with the real Kubernetes, Gateway
 * API and Prometheus Operator models: no field the models do not know, and everything in it agrees
 * with the application and with itself — ports, probes, shutdown timing, settings, image, memory,
 * selectors, routes, network policies, monitoring. (Schemas are checked by
 * kubernetes/validate/validate.mjs; that the settings really reach the application, by
 * DeploymentConfigIT.)
 */
class KubernetesManifestsTest {

    /** The paths of the streams that never end by themselves, and of the long-poll (README's HTTP contract). */
    private static final List<String> STREAMS = List.of("/api/clock/events", "/api/clock/stream", "/iframe/clock", "/ws/clock");
    private static final String LONG_POLL = "/api/clock/next";
    private static final Set<String> LONG_LIVED_TRANSPORTS = Set.of("websocket", "sse", "long-poll", "ndjson", "iframe");

    static List<HasMetadata> base;
    static List<HasMetadata> nativeImage;
    static List<HasMetadata> gatewayApi;
    static List<HasMetadata> ingressNginx;
    static List<HasMetadata> observability;
    static final Map<Path, List<HasMetadata>> rendered = new LinkedHashMap<>();
    static Properties app;

    @BeforeAll
    static void render() throws Exception {
        Kustomize.assumeAvailable();
        for (Path kustomization : Kustomize.kustomizations()) {
            rendered.put(kustomization, Kustomize.render(kustomization));
        }
        base = rendered.get(Kustomize.BASE);
        nativeImage = rendered.get(Kustomize.OVERLAYS.resolve("native"));
        gatewayApi = rendered.get(Kustomize.OVERLAYS.resolve("gateway-api"));
        ingressNginx = rendered.get(Kustomize.OVERLAYS.resolve("ingress-nginx"));
        observability = rendered.get(Kustomize.OVERLAYS.resolve("observability"));
        app = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(reader);
        }
    }

    static Deployment deployment(List<HasMetadata> documents) {
        return Kustomize.only(documents, Deployment.class);
    }

    static PodSpec pod() {
        return deployment(base).getSpec().getTemplate().getSpec();
    }

    static Container container() {
        assertEquals(1, pod().getContainers().size());
        return pod().getContainers().get(0);
    }

    static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(var -> env.put(var.getName(), var.getValue()));
        return env;
    }

    static Properties settings() throws IOException {
        ConfigMap configMap = Kustomize.only(base, ConfigMap.class);
        Properties settings = new Properties();
        settings.load(new StringReader(configMap.getData().get("application.properties")));
        return settings;
    }

    @Test
    void everyKustomizationRendersOnlyKindsAndFieldsTheModelsKnow() throws Exception {
        assertEquals(Set.of("base", "gateway-api", "ingress-nginx", "jvm-aot", "native", "observability"),
                rendered.keySet().stream().map(path -> path.getFileName().toString()).collect(Collectors.toSet()));
        List<String> unknown = new ArrayList<>();
        for (var entry : rendered.entrySet()) {
            for (HasMetadata document : entry.getValue()) {
                String where = entry.getKey() + ": " + document.getKind() + "/" + document.getMetadata().getName();
                if (document instanceof GenericKubernetesResource) {
                    unknown.add(where + ": a kind no model on the test classpath knows");
                }
                collectUnknown(document, where, unknown);
            }
        }
        assertEquals(List.of(), unknown, "fields the models do not know (misspelt or misplaced)");
    }

    /** fabric8 keeps a field it does not know in additionalProperties: walk every model object for them. */
    private static void collectUnknown(Object node, String path, List<String> unknown) throws Exception {
        if (node == null || node instanceof GenericKubernetesResource) {
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
    void labelsGoOnEveryObjectButNeverOnASelector() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.walk(Kustomize.KUBERNETES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList()) {
                JsonNode kustomization = yaml.readTree(file.toFile());
                assertFalse(kustomization.has("commonLabels"), file + ": commonLabels also rewrites selectors");
                for (JsonNode labels : kustomization.path("labels")) {
                    assertFalse(labels.path("includeSelectors").asBoolean(true), file + ": labels must say includeSelectors: false");
                }
            }
        }
        for (var entry : rendered.entrySet()) {
            for (HasMetadata document : entry.getValue()) {
                assertEquals("pushclock", document.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                        entry.getKey() + ": " + document.getKind() + "/" + document.getMetadata().getName());
            }
        }
        assertEquals(Map.of("app.kubernetes.io/name", "pushclock"), deployment(base).getSpec().getSelector().getMatchLabels());
        assertEquals("pushclock", deployment(base).getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/part-of"));
    }

    @Test
    void theBaseRunsTheJvmImageOfThisVersion() {
        assertEquals("registry.example.com/pushclock:" + System.getProperty("project.version") + "-jvm", container().getImage());
    }

    /** The native executable's image, and the JDK 25 one with its AOT cache: neither has run-java.sh. */
    @ParameterizedTest
    @ValueSource(strings = { "native", "jvm-aot" })
    void anImageOverlayChangesTheImageAndNothingElse(String overlay) {
        List<HasMetadata> theirs = rendered.get(Kustomize.OVERLAYS.resolve(overlay));
        Container theirContainer = deployment(theirs).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.example.com/pushclock:" + System.getProperty("project.version") + "-" + overlay, theirContainer.getImage());
        assertFalse(env(theirContainer).containsKey("JAVA_MAX_MEM_RATIO"), "run-java.sh's setting, on an image without run-java.sh");

        Deployment jvm = deployment(base);
        Deployment sameButImage = deployment(theirs).edit().editSpec().editTemplate().editSpec().editContainer(0)
                .withImage(container().getImage()).withEnv(container().getEnv()).endContainer().endSpec().endTemplate().endSpec()
                .build();
        assertEquals(jvm, sameButImage, "the " + overlay + " overlay changes more than the image");
        List<HasMetadata> rest = new ArrayList<>(theirs);
        rest.remove(deployment(theirs));
        List<HasMetadata> baseRest = new ArrayList<>(base);
        baseRest.remove(jvm);
        assertEquals(baseRest, rest);
    }

    @Test
    void theContainerListensWhereTheApplicationDoes() {
        assertEquals("true", app.getProperty("quarkus.management.enabled"), "health and metrics are on the management interface");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ContainerPort port : container().getPorts()) {
            ports.put(port.getName(), port.getContainerPort());
        }
        assertEquals(Map.of("http", Integer.parseInt(app.getProperty("quarkus.http.port", "8080")),
                "management", Integer.parseInt(app.getProperty("quarkus.management.port", "9000"))), ports);
    }

    @Test
    void theProbesAskTheManagementInterfaceAndOneSlowAnswerIsForgiven() {
        assertEquals("/q/health/started", container().getStartupProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", container().getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", container().getReadinessProbe().getHttpGet().getPath());
        for (Probe probe : List.of(container().getStartupProbe(), container().getLivenessProbe(), container().getReadinessProbe())) {
            assertEquals("management", probe.getHttpGet().getPort().getStrVal());
        }
        for (Probe probe : List.of(container().getLivenessProbe(), container().getReadinessProbe())) {
            assertTrue(probe.getFailureThreshold() != null && probe.getFailureThreshold() >= 3,
                    "a single miss takes the pod out: " + probe);
            assertTrue(probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() >= 2,
                    "a single slow answer under load counts as a miss (the default timeout is 1 s): " + probe);
        }
    }

    @Test
    void theGracePeriodCoversPreStopAndTheApplicationsDrain() {
        long preStop = container().getLifecycle().getPreStop().getSleep().getSeconds();
        assertEquals("true", app.getProperty("quarkus.shutdown.delay-enabled"), "Drain runs as the shutdown delay begins");
        assertNull(app.getProperty("quarkus.shutdown.timeout"),
                "Quarkus's request counting never counts a WebSocket upgrade as done: a timeout would always be waited out");
        long delay = app.getProperty("quarkus.shutdown.delay") == null ? 0
                : DurationConverter.parseDuration(app.getProperty("quarkus.shutdown.delay")).toSeconds();
        long drain = java.util.concurrent.TimeUnit.MILLISECONDS.toSeconds(dev.pushclock.ops.Drain.DRAIN_MILLIS);
        long needed = preStop + delay + drain;
        long grace = pod().getTerminationGracePeriodSeconds();
        assertTrue(needed + 5 <= grace, "preStop " + preStop + " s + delay " + delay + " s + drain " + drain
                + " s leave no margin in a grace period of " + grace + " s");
    }

    @Test
    void thePodRunsLockedDown() {
        assertTrue(pod().getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod().getSecurityContext().getSeccompProfile().getType());
        assertFalse(pod().getAutomountServiceAccountToken());
        assertFalse(pod().getEnableServiceLinks(), "PUSHCLOCK_* service links would share the settings' namespace");
        var security = container().getSecurityContext();
        assertTrue(security.getReadOnlyRootFilesystem());
        assertFalse(security.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(pod().getVolumes().stream().anyMatch(volume -> volume.getName().equals("tmp") && volume.getEmptyDir() != null)
                && container().getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/tmp")),
                "a read-only root needs a writable /tmp");
    }

    @Test
    void replicasSpreadOverNodesAndZones() {
        Map<String, String> podLabels = deployment(base).getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> spread = new LinkedHashMap<>();
        for (TopologySpreadConstraint constraint : pod().getTopologySpreadConstraints()) {
            spread.put(constraint.getTopologyKey(), constraint.getWhenUnsatisfiable());
            assertEquals(1, constraint.getMaxSkew());
            assertTrue(podLabels.entrySet().containsAll(constraint.getLabelSelector().getMatchLabels().entrySet()));
        }
        assertEquals(Map.of("kubernetes.io/hostname", "DoNotSchedule", "topology.kubernetes.io/zone", "ScheduleAnyway"), spread);
    }

    @Test
    void theSettingsComeFromAGeneratedConfigMapMountedWhereTheApplicationIsToldToLook() throws IOException {
        ConfigMap configMap = Kustomize.only(base, ConfigMap.class);
        assertTrue(configMap.getMetadata().getName().matches("pushclock-config-[a-z0-9]{10}"),
                "a name with the content's hash rolls the pods when the settings change: " + configMap.getMetadata().getName());
        assertEquals(Set.of("application.properties"), configMap.getData().keySet());
        var volume = pod().getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
        assertEquals(configMap.getMetadata().getName(), volume.getConfigMap().getName());
        var mount = container().getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                .orElseThrow();
        assertTrue(mount.getReadOnly());
        assertEquals(mount.getMountPath() + "/application.properties", env(container()).get("QUARKUS_CONFIG_LOCATIONS"),
                "the application must be told where the file is: no image's working directory is relied on");
        for (String key : settings().stringPropertyNames()) {
            assertTrue(key.startsWith("pushclock.") || key.startsWith("quarkus."), key + " is no setting of pushclock or Quarkus");
        }
    }

    @Test
    void memoryIsSizedFromTheBenchmarkAndTheCapsKeepAReplicaInsideIt() throws IOException {
        long heapMiB = benchHeapMiB();
        long residentMiB = benchHighest("RSS MiB", "peak RSS MiB");
        long clients = benchHighest("clients");
        Map<String, Quantity> requests = container().getResources().getRequests();
        Map<String, Quantity> limits = container().getResources().getLimits();
        long limitMiB = mebibytes(limits.get("memory"));
        long requestMiB = mebibytes(requests.get("memory"));
        int ratio = Integer.parseInt(env(container()).get("JAVA_MAX_MEM_RATIO"));
        assertEquals(heapMiB, limitMiB * ratio / 100, "the heap the memory limit gives is not the benchmark's -Xmx");
        assertTrue(residentMiB <= 0.8 * limitMiB, "measured " + residentMiB + " MiB leave under 20 % of the limit " + limitMiB);
        assertTrue(requestMiB >= residentMiB && requestMiB <= limitMiB, "request " + requestMiB + " MiB, measured " + residentMiB);
        assertNull(limits.get("cpu"), "a CPU limit throttles the fan-out");
        assertNotNull(requests.get("cpu"), "the autoscaler's utilization is relative to the CPU request");

        long caps = 0;
        Properties settings = settings();
        for (String transport : LONG_LIVED_TRANSPORTS) {
            String cap = settings.getProperty("pushclock.max-connections." + transport);
            assertNotNull(cap, "no per-replica cap for " + transport + ": the image's default is for a whole machine");
            caps += Long.parseLong(cap);
        }
        assertTrue(caps <= clients, "a replica admits " + caps + " long-lived connections; the memory figures are for " + clients);
    }

    private static long mebibytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValueExact() / (1024 * 1024);
    }

    private static long benchHeapMiB() throws IOException {
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(Files.readString(Path.of("bench/run.sh")));
        assertTrue(xmx.find(), "bench/run.sh sets no -Xmx");
        return Long.parseLong(xmx.group(1));
    }

    /** The highest figure in bench/RESULTS.md under any of these column headings, pushclock's rows only. */
    private static long benchHighest(String... headings) throws IOException {
        long highest = -1;
        List<String> header = List.of();
        for (String line : Files.readAllLines(Path.of("bench/RESULTS.md"))) {
            if (!line.startsWith("|")) {
                header = List.of();
                continue;
            }
            List<String> cells = Stream.of(line.split("\\|")).skip(1).map(String::trim).toList();
            if (header.isEmpty()) {
                header = cells;
                continue;
            }
            int server = header.indexOf("server");
            if (cells.get(0).startsWith("---") || server >= 0 && !cells.get(server).equals("pushclock")) {
                continue;
            }
            for (String heading : headings) {
                int column = header.indexOf(heading);
                if (column >= 0 && cells.get(column).matches("\\d+")) {
                    highest = Math.max(highest, Long.parseLong(cells.get(column)));
                }
            }
        }
        assertTrue(highest > 0, "bench/RESULTS.md has no column " + List.of(headings));
        return highest;
    }

    @Test
    void theServiceBudgetAndAutoscalerSelectThePods() {
        Map<String, String> labels = deployment(base).getSpec().getTemplate().getMetadata().getLabels();
        Service service = Kustomize.only(base, Service.class);
        assertTrue(labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertEquals(List.of("http"), service.getSpec().getPorts().stream().map(p -> p.getTargetPort().getStrVal()).toList(),
                "the management port stays off the Service every route points at");
        PodDisruptionBudget budget = Kustomize.only(base, PodDisruptionBudget.class);
        assertTrue(labels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        HorizontalPodAutoscaler hpa = Kustomize.only(base, HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment(base).getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertNull(deployment(base).getSpec().getReplicas(), "the autoscaler owns the replica count");
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "one replica leaves clients nowhere to go during a rollout");
        assertTrue(budget.getSpec().getMinAvailable().getIntVal() < hpa.getSpec().getMinReplicas(),
                "a budget that allows no disruption blocks every node drain");
    }

    @Test
    void networkPoliciesAdmitTheServicePortFromAnywhereAndTheManagementPortOnlyToPrometheus() {
        Map<String, String> labels = deployment(base).getSpec().getTemplate().getMetadata().getLabels();
        NetworkPolicy product = Kustomize.only(base, NetworkPolicy.class);
        assertTrue(labels.entrySet().containsAll(product.getSpec().getPodSelector().getMatchLabels().entrySet()));
        assertEquals(List.of("Ingress"), product.getSpec().getPolicyTypes());
        assertEquals(1, product.getSpec().getIngress().size());
        NetworkPolicyIngressRule anyone = product.getSpec().getIngress().get(0);
        assertTrue(anyone.getFrom() == null || anyone.getFrom().isEmpty(), "clients come from anywhere");
        assertEquals(List.of("http"), anyone.getPorts().stream().map(p -> p.getPort().getStrVal()).toList());

        NetworkPolicy metrics = Kustomize.only(observability, NetworkPolicy.class);
        assertTrue(labels.entrySet().containsAll(metrics.getSpec().getPodSelector().getMatchLabels().entrySet()));
        for (NetworkPolicyIngressRule rule : metrics.getSpec().getIngress()) {
            assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "the management port is for Prometheus alone");
            assertEquals(List.of("management"), rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(p -> p.getStrVal()).toList());
        }
    }

    @Test
    void theGatewayRouteNeverCutsAStreamNorALongPoll() throws IOException {
        HTTPRoute route = Kustomize.only(gatewayApi, HTTPRoute.class);
        Service service = Kustomize.only(base, Service.class);
        assertFalse(route.getSpec().getParentRefs().isEmpty(), "attached to no Gateway");
        for (HTTPRouteRule rule : route.getSpec().getRules()) {
            rule.getBackendRefs().forEach(backend -> {
                assertEquals(service.getMetadata().getName(), backend.getName());
                assertEquals(service.getSpec().getPorts().get(0).getPort(), backend.getPort());
            });
            Duration request = gatewayDuration(rule.getTimeouts().getRequest());
            Duration backend = gatewayDuration(rule.getTimeouts().getBackendRequest());
            assertTrue(request.isZero() || !backend.isZero() && backend.compareTo(request) <= 0,
                    "backendRequest may be no longer than request: " + rule.getTimeouts());
        }
        for (String stream : STREAMS) {
            HTTPRouteRule rule = ruleFor(route, stream);
            assertEquals(Duration.ZERO, gatewayDuration(rule.getTimeouts().getRequest()), stream + " would be cut");
            assertEquals(Duration.ZERO, gatewayDuration(rule.getTimeouts().getBackendRequest()), stream + " would be cut");
        }
        Duration longest = DurationConverter.parseDuration(settings().getProperty("pushclock.long-poll.max-timeout", "120s"));
        HTTPRouteRule longPoll = ruleFor(route, LONG_POLL);
        Duration nginxRead = ShippedProxyConfigsTest.duration(ShippedProxyConfigsTest.one(
                ShippedProxyConfigsTest.directives(ShippedConfig.of("nginx.conf").file()), "proxy_read_timeout").get(0),
                ChronoUnit.SECONDS);
        for (String timeout : List.of(longPoll.getTimeouts().getRequest(), longPoll.getTimeouts().getBackendRequest())) {
            Duration allowed = gatewayDuration(timeout);
            assertTrue(allowed.compareTo(longest.plusSeconds(5)) >= 0, "a long-poll held " + longest + " would be cut at " + allowed);
            assertEquals(nginxRead, allowed, "the long-poll's limit, as deploy/nginx.conf's proxy_read_timeout");
        }
        assertNotNull(ruleFor(route, "/"), "the page and the API have no route");
    }

    /** The rule Gateway API picks for a path: of the PathPrefix matches, the longest. */
    private static HTTPRouteRule ruleFor(HTTPRoute route, String path) {
        HTTPRouteRule best = null;
        int bestLength = -1;
        for (HTTPRouteRule rule : route.getSpec().getRules()) {
            for (HTTPRouteMatch match : rule.getMatches()) {
                HTTPPathMatch prefix = match.getPath();
                assertEquals("PathPrefix", prefix.getType());
                String value = prefix.getValue();
                boolean matches = value.equals("/") || path.equals(value) || path.startsWith(value + "/");
                if (matches && value.length() > bestLength) {
                    best = rule;
                    bestLength = value.length();
                }
            }
        }
        assertNotNull(best, "no rule routes " + path);
        return best;
    }

    /** A Gateway API duration (GEP-2257): up to four of number and unit, h, m, s or ms. */
    private static Duration gatewayDuration(String text) {
        assertNotNull(text, "a rule without timeouts leaves them to the implementation");
        assertTrue(text.matches("([0-9]{1,5}(h|m|s|ms)){1,4}"), text);
        Duration total = Duration.ZERO;
        Matcher part = Pattern.compile("([0-9]+)(h|ms|m|s)").matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
        }
        return total;
    }

    /**
     * ingress-nginx is nginx, and deploy/nginx.conf is what the proxy tests run in front of two
     * replicas: every proxying directive there has its annotation here, with the same value.
     */
    @Test
    void theIngressSaysWhatTheTestedNginxConfigurationSays() throws IOException {
        Ingress ingress = Kustomize.only(ingressNginx, Ingress.class);
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        List<List<String>> nginx = ShippedProxyConfigsTest.directives(ShippedConfig.of("nginx.conf").file());
        Map<String, String> said = new LinkedHashMap<>();
        for (String directive : List.of("proxy_buffering", "proxy_http_version", "proxy_next_upstream",
                "proxy_next_upstream_tries")) {
            said.put(directive, String.join(" ", ShippedProxyConfigsTest.one(nginx, directive)));
        }
        for (String directive : List.of("proxy_read_timeout", "proxy_send_timeout", "proxy_connect_timeout",
                "proxy_next_upstream_timeout")) {
            said.put(directive, String.valueOf(ShippedProxyConfigsTest.duration(
                    ShippedProxyConfigsTest.one(nginx, directive).get(0), ChronoUnit.SECONDS).toSeconds()));
        }
        said.forEach((directive, value) -> assertEquals(value,
                annotations.get("nginx.ingress.kubernetes.io/" + directive.replace('_', '-')), directive));
        assertEquals(said.keySet().stream().map(directive -> "nginx.ingress.kubernetes.io/" + directive.replace('_', '-'))
                .collect(Collectors.toSet()), annotations.keySet(), "an annotation nginx.conf does not have, or the reverse");
        assertTrue(annotations.keySet().stream().noneMatch(key -> key.endsWith("-snippet")), "snippets are off by default");
        Service service = Kustomize.only(base, Service.class);
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertEquals(service.getMetadata().getName(), backend.getName());
        assertEquals(service.getSpec().getPorts().get(0).getName(), backend.getPort().getName());
    }

    @Test
    void prometheusScrapesTheManagementPortOfEveryReplica() {
        Map<String, String> podLabels = deployment(base).getSpec().getTemplate().getMetadata().getLabels();
        Service management = Kustomize.only(observability, Service.class);
        assertTrue(podLabels.entrySet().containsAll(management.getSpec().getSelector().entrySet()));
        assertEquals("None", management.getSpec().getClusterIP());
        ServiceMonitor monitor = Kustomize.only(observability, ServiceMonitor.class);
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        assertTrue(management.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
        assertFalse(Kustomize.only(base, Service.class).getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
                "the ServiceMonitor would also pick the product's Service, which has no management port");
        Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
        assertEquals("/q/metrics", endpoint.getPath());
        var port = management.getSpec().getPorts().stream().filter(p -> p.getName().equals(endpoint.getPort())).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + endpoint.getPort() + " on " + management.getMetadata().getName()));
        assertEquals("management", port.getTargetPort().getStrVal());
    }

    @Test
    void theAlertsCoverTheClockTheClientsAndTheReplicas() {
        PrometheusRule rules = Kustomize.only(observability, PrometheusRule.class);
        Map<String, String> alerts = new LinkedHashMap<>();
        for (var group : rules.getSpec().getGroups()) {
            for (Rule rule : group.getRules()) {
                alerts.put(rule.getAlert(), rule.getExpr().getStrVal());
                assertNotNull(rule.getLabels().get("severity"), rule.getAlert());
                assertNotNull(rule.getAnnotations().get("summary"), rule.getAlert());
            }
        }
        assertEquals(Set.of("PushclockClockStalled", "PushclockSlowConsumersEvicted", "PushclockConnectionsRefused",
                "PushclockReplicaNotReady"), alerts.keySet());
        assertTrue(alerts.get("PushclockClockStalled").contains("3 * "), "no tick for three periods");
        assertTrue(alerts.get("PushclockSlowConsumersEvicted").contains("pushclock_connections_dropped_slow_total"));
        assertTrue(alerts.get("PushclockConnectionsRefused").contains("pushclock_connections_refused_total"));
        assertTrue(alerts.get("PushclockReplicaNotReady").contains("kube_pod_status_ready"));
    }

    @Test
    void theDashboardShowsEveryTransportsConnectionsMessagesAndBytes() throws IOException {
        ConfigMap configMap = Kustomize.only(observability, ConfigMap.class);
        assertEquals("1", configMap.getMetadata().getLabels().get("grafana_dashboard"));
        JsonNode dashboard = new ObjectMapper().readTree(configMap.getData().get("pushclock-dashboard.json"));
        assertEquals("pushclock", dashboard.path("uid").asText());
        Set<Integer> ids = new HashSet<>();
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids repeat: " + panel.path("id"));
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        for (String metric : List.of("pushclock_connections", "pushclock_messages_sent_total", "pushclock_bytes_sent_total")) {
            assertTrue(queries.stream().anyMatch(q -> q.contains("by (transport) (") && q.contains(metric + "{")),
                    metric + " by transport: " + queries);
        }
    }

    @Test
    void theOverlaysComposeIntoOneKustomization() throws Exception {
        Path composed = Path.of("target", "kustomize-composed");
        Files.createDirectories(composed);
        Files.writeString(composed.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../kubernetes/overlays/native
                  - ../../kubernetes/overlays/gateway-api
                  - ../../kubernetes/overlays/observability
                """);
        List<HasMetadata> all = Kustomize.render(composed);
        List<HasMetadata> expected = new ArrayList<>(nativeImage);
        expected.addAll(gatewayApi);
        expected.addAll(observability);
        Comparator<HasMetadata> byId = Comparator.comparing((HasMetadata d) -> d.getKind()).thenComparing(d -> d.getMetadata().getName());
        assertEquals(expected.stream().sorted(byId).toList(), all.stream().sorted(byId).toList());
        assertNotEquals(0, all.size());
    }
}
