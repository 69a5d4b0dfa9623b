package dev.pushclock.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.logging.Log;

/**
 * kubernetes/ rendered as {@code kubectl apply -k} would send it, by the system's {@code kubectl}
 * ({@code $KUBECTL}, else the first on the PATH), read with the fabric8 model. Where kubectl is
 * missing the tests that need it are skipped, loudly, unless {@code PUSHCLOCK_REQUIRE_KUBECTL} is
 * set (as {@code .ci/run} does): then a missing kubectl fails the build.
 */
final class Kustomize {

    static final Path KUBERNETES = Path.of("kubernetes");
    static final Path BASE = KUBERNETES.resolve("base");
    static final Path OVERLAYS = KUBERNETES.resolve("overlays");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Kustomize() {
    }

    private static boolean required() {
        return Boolean.parseBoolean(System.getenv().getOrDefault("PUSHCLOCK_REQUIRE_KUBECTL", "false"));
    }

    private static Optional<Path> kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Returns when kubectl can render. Where it cannot: fails when it is required (CI), else skips
     * the test with a banner no one can miss.
     */
    static void assumeAvailable() {
        if (kubectl().isEmpty()) {
            String missing = "kubectl (with kustomize 5) is not on the PATH nor in $KUBECTL: .ci/run installs it";
            if (required()) {
                Assertions.fail(missing);
            }
            String banner = "*".repeat(100);
            Log.warnf("%n%s%n  KUBERNETES RENDERING TESTS SKIPPED: %s%n%s", banner, missing, banner);
            Assumptions.abort(missing);
        }
    }

    /** Every kustomization this project ships: the base and each overlay. */
    static List<Path> kustomizations() throws IOException {
        List<Path> all = new ArrayList<>(List.of(BASE));
        try (Stream<Path> overlays = Files.list(OVERLAYS)) {
            overlays.filter(dir -> Files.exists(dir.resolve("kustomization.yaml"))).sorted().forEach(all::add);
        }
        return all;
    }

    /** What {@code kubectl kustomize dir} prints, each document read with the Kubernetes model. */
    static List<HasMetadata> render(Path dir) throws IOException, InterruptedException {
        Path kubectl = kubectl().orElseThrow(() -> new AssertionError("call assumeAvailable() first"));
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            Assertions.assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + dir + " hangs");
            Assertions.assertEquals(0, process.exitValue(),
                    "kubectl kustomize " + dir + " failed:\n" + Files.readString(err, StandardCharsets.UTF_8));
            List<HasMetadata> documents = new ArrayList<>();
            for (String document : Files.readString(out, StandardCharsets.UTF_8).split("(?m)^---$")) {
                if (!document.isBlank()) {
                    documents.add(SERIALIZATION.unmarshal(document));
                }
            }
            return documents;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The one document of that kind (and name, if given) among those rendered. */
    static <T extends HasMetadata> T only(List<HasMetadata> documents, Class<T> kind, String... name) {
        List<T> found = documents.stream().filter(kind::isInstance).map(kind::cast)
                .filter(d -> name.length == 0 || d.getMetadata().getName().equals(name[0])).toList();
        Assertions.assertEquals(1, found.size(), "documents of kind " + kind.getSimpleName() + " " + String.join("", name)
                + " among " + documents.stream().map(d -> d.getKind() + "/" + d.getMetadata().getName()).toList());
        return found.get(0);
    }
}
