package dev.pushclock.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTest;

/** Each probe in kubernetes/deployment.yaml asks a path the application answers UP. */
@QuarkusTest
class HealthProbesTest {

    private static Container container() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("kubernetes", "deployment.yaml"))) {
            Deployment deployment = new KubernetesSerialization().unmarshal(in);
            return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "startup", "liveness", "readiness" })
    void theProbeIsAnswered(String probe) throws IOException {
        Container container = container();
        String path = switch (probe) {
            case "startup" -> container.getStartupProbe().getHttpGet().getPath();
            case "liveness" -> container.getLivenessProbe().getHttpGet().getPath();
            default -> container.getReadinessProbe().getHttpGet().getPath();
        };
        given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }
}
