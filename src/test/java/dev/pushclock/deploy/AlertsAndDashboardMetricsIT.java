package dev.pushclock.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.pushclock.packaged.PackagedApp;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;

/**
 * Every pushclock metric an alert or the dashboard of the observability overlay asks for is one the
 * packaged application exports on /q/metrics of its management port: a misspelt name in an alert
 * would otherwise never fire, and nobody would know.
 */
class AlertsAndDashboardMetricsIT {

    private static final Pattern METRIC = Pattern.compile("\\bpushclock_[a-z_]+\\b");

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExported() throws Exception {
        Kustomize.assumeAvailable();
        List<HasMetadata> observability = Kustomize.render(Kustomize.OVERLAYS.resolve("observability"));
        Set<String> asked = new TreeSet<>();
        collect(new KubernetesSerialization().asJson(Kustomize.only(observability, PrometheusRule.class).getSpec()), asked);
        collect(Kustomize.only(observability, ConfigMap.class).getData().get("pushclock-dashboard.json"), asked);
        assertFalse(asked.isEmpty());

        String exported;
        try (PackagedApp app = PackagedApp.start(0, Map.of())) {
            exported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.managementUri().resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        Set<String> missing = new TreeSet<>();
        for (String metric : asked) {
            if (!Pattern.compile("(?m)^" + metric + "[{ ]").matcher(exported).find()) {
                missing.add(metric);
            }
        }
        assertEquals(Set.of(), missing, "queried by the observability overlay, exported by no one");
    }

    private static void collect(String text, Set<String> into) {
        Matcher metric = METRIC.matcher(text);
        while (metric.find()) {
            into.add(metric.group());
        }
    }
}
