package dev.pushclock.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Dockerfiles and .dockerignore, read as a container engine would, since none runs where this
 * project is built: images run unprivileged on the application's ports, carry what the build
 * produced and nothing else, and start the way the benchmark measured.
 */
class ContainerImagesTest {

    static Properties app;

    @BeforeAll
    static void load() throws IOException {
        app = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(reader);
        }
    }

    private static List<String> lines(String dockerfile) throws IOException {
        return Files.readAllLines(Path.of("src/main/docker", dockerfile));
    }

    /** The arguments of each instruction of that name, in order. */
    private static List<String> instructions(String dockerfile, String name) throws IOException {
        return lines(dockerfile).stream().filter(line -> line.startsWith(name + " "))
                .map(line -> line.substring(name.length() + 1).trim()).toList();
    }

    /** Where the last line that starts so is, in the file's order. */
    private static int lastLineStarting(String dockerfile, String prefix) throws IOException {
        List<String> lines = lines(dockerfile);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(dockerfile + " has no line starting " + prefix);
    }

    private static String last(String dockerfile, String name) throws IOException {
        List<String> all = instructions(dockerfile, name);
        assertFalse(all.isEmpty(), dockerfile + " has no " + name);
        return all.get(all.size() - 1);
    }

    /** The value an ENV instruction gives that variable, quotes removed. */
    private static String env(String dockerfile, String variable) throws IOException {
        return instructions(dockerfile, "ENV").stream().filter(env -> env.startsWith(variable + "="))
                .map(env -> env.substring(variable.length() + 1).replaceAll("^\"|\"$", "")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(dockerfile + " sets no " + variable));
    }

    /** The source paths of every COPY from the build context (not from another stage), options left out. */
    private static List<String> copied(String dockerfile) throws IOException {
        List<String> sources = new ArrayList<>();
        for (String copy : instructions(dockerfile, "COPY")) {
            if (copy.contains("--from=")) {
                continue;
            }
            List<String> words = Arrays.stream(copy.split("\\s+")).filter(word -> !word.startsWith("--")).toList();
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.jvm-aot", "Dockerfile.native-micro" })
    void eachImageRunsAsAnUnprivilegedUserOnTheApplicationsPorts(String dockerfile) throws IOException {
        assertTrue(last(dockerfile, "USER").matches("[1-9][0-9]*"),
                dockerfile + ": a numeric, non-root user, so that the pod's runAsNonRoot can check it");
        assertEquals(app.getProperty("quarkus.http.port", "8080") + " " + app.getProperty("quarkus.management.port", "9000"),
                last(dockerfile, "EXPOSE"));
    }

    @Test
    void theNativeImageHasNoShellStepAndStartsByAbsolutePath() throws IOException {
        assertEquals(List.of(), instructions("Dockerfile.native-micro", "RUN"), "the micro base image has no shell");
        String destination = instructions("Dockerfile.native-micro", "COPY").get(0).replaceAll(".*\\s", "");
        assertEquals(destination, entrypoint("Dockerfile.native-micro").get(0),
                "the executable is started wherever the working directory is");
    }

    @Test
    void theJvmImageRunsTheTestedJava17WithTheWholeFastJar() throws IOException {
        assertTrue(last("Dockerfile.jvm", "FROM").startsWith("registry.access.redhat.com/ubi9/openjdk-17-runtime:"),
                "the JDK the tests and the benchmark run on");
        assertFalse(app.containsKey("quarkus.package.jar.type"), "the image expects Quarkus's fast-jar layout");
        assertEquals(List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
                "target/quarkus-app/app/", "target/quarkus-app/quarkus/"), copied("Dockerfile.jvm"));
        assertEquals("/deployments/quarkus-run.jar", env("Dockerfile.jvm", "JAVA_APP_JAR"));
    }

    @Test
    void theJvmImageStartsWithTheBenchmarksCollectorAndHeapShare() throws IOException {
        assertTrue(env("Dockerfile.jvm", "GC_CONTAINER_OPTIONS").contains("-XX:+UseG1GC"));
        assertFalse(env("Dockerfile.jvm", "JAVA_OPTS_APPEND").matches(".*-XX:\\+Use\\w+GC.*"),
                "run-java.sh already names a collector; a second one stops the JVM at start");
        String ratio = env("Dockerfile.jvm", "JAVA_MAX_MEM_RATIO");
        try (InputStream in = Files.newInputStream(Path.of("kubernetes/base/deployment.yaml"))) {
            Deployment deployment = new KubernetesSerialization().unmarshal(in);
            var env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertTrue(env.stream().anyMatch(var -> var.getName().equals("JAVA_MAX_MEM_RATIO") && var.getValue().equals(ratio)),
                    "the image and the Deployment size the heap alike");
        }
    }

    @Test
    void theBenchmarkRunsTheJvmWithTheImagesCollectorFlags() throws IOException {
        // the heap is fixed in the bench, and the rest is not about the collector
        List<String> flags = jvmImageFlags().stream().filter(flag -> flag.startsWith("-XX:")
                && !flag.startsWith("-XX:MaxRAMPercentage")).toList();
        List<String> benchFlags = defaultJavaOptions("bench/run.sh");
        for (String flag : flags) {
            assertTrue(benchFlags.contains(flag), "bench/run.sh measures the JVM without the image's " + flag);
        }
        for (String flag : benchFlags) {
            assertTrue(!flag.startsWith("-XX:") || flags.contains(flag), "bench/run.sh measures the JVM with " + flag + ", which the image has not");
        }
        assertNoOptionTwice("bench/run.sh", benchFlags);
    }

    @Test
    void theSoakRunsTheJvmWithTheImagesCollector() throws IOException {
        List<String> soakFlags = defaultJavaOptions("bench/soak.sh");
        for (String flag : env("Dockerfile.jvm", "GC_CONTAINER_OPTIONS").split("\\s+")) {
            assertTrue(soakFlags.contains(flag), "bench/soak.sh runs the JVM without the image's " + flag);
        }
        assertNoOptionTwice("bench/soak.sh", soakFlags);
    }

    /** The JVM options a bench script runs pushclock with when PUSHCLOCK_JAVA_OPTS is not set. */
    private static List<String> defaultJavaOptions(String script) throws IOException {
        String line = Files.readAllLines(Path.of(script)).stream()
                .filter(candidate -> candidate.startsWith("PUSHCLOCK_JAVA_OPTS=")).findFirst().orElseThrow();
        return Arrays.asList(line.replaceAll(".*:-\"|\"}$", "").split("\\s+"));
    }

    /** The JVM takes the last of two values, so a second one would silently undo the first. */
    private static void assertNoOptionTwice(String where, List<String> flags) {
        List<String> names = flags.stream()
                .map(flag -> flag.replaceFirst("^-XX:[+-]?", "").replaceFirst("=.*", "").replaceFirst("^(-X(ms|mx|ss))\\d.*", "$1"))
                .toList();
        assertEquals(names.size(), names.stream().distinct().count(), where + " names an option twice: " + flags);
    }

    /** The JVM flags the JDK 17 image's settings become in run-java.sh. */
    private static List<String> jvmImageFlags() throws IOException {
        List<String> flags = new ArrayList<>(Arrays.asList(env("Dockerfile.jvm", "GC_CONTAINER_OPTIONS").split("\\s+")));
        flags.add("-XX:MinHeapFreeRatio=" + env("Dockerfile.jvm", "GC_MIN_HEAP_FREE_RATIO"));
        flags.add("-XX:MaxHeapFreeRatio=" + env("Dockerfile.jvm", "GC_MAX_HEAP_FREE_RATIO"));
        flags.add("-XX:GCTimeRatio=" + env("Dockerfile.jvm", "GC_TIME_RATIO"));
        flags.add("-XX:AdaptiveSizePolicyWeight=" + env("Dockerfile.jvm", "GC_ADAPTIVE_SIZE_POLICY_WEIGHT"));
        flags.add("-XX:MaxRAMPercentage=" + env("Dockerfile.jvm", "JAVA_MAX_MEM_RATIO"));
        flags.addAll(Arrays.asList(env("Dockerfile.jvm", "JAVA_OPTS_APPEND").split("\\s+")));
        return flags;
    }

    @Test
    void theAotImageTrainsItsCacheInItselfAndRunsAsTheJvmImageDoes() throws IOException {
        String dockerfile = "Dockerfile.jvm-aot";
        List<String> from = instructions(dockerfile, "FROM");
        assertTrue(last(dockerfile, "FROM").startsWith("eclipse-temurin:25."), "JDK 25, the JDK the cache was measured on");
        String release = last(dockerfile, "FROM").replaceAll("^eclipse-temurin:|-jre$", "");
        assertTrue(from.get(0).startsWith("eclipse-temurin:" + release + "-jdk"), "the trainer is compiled by the same release");
        assertEquals(copied("Dockerfile.jvm"), copied(dockerfile).stream().filter(source -> source.startsWith("target/")).toList(),
                "the same four layers of the app");
        List<String> imageFlags = Arrays.asList(env(dockerfile, "JDK_JAVA_OPTIONS").split("\\s+"));
        for (String flag : jvmImageFlags()) {
            assertTrue(imageFlags.contains(flag), "the JDK 25 image runs without the JDK 17 image's " + flag);
        }
        assertNoOptionTwice(dockerfile, imageFlags);
        assertEquals(env("Dockerfile.jvm", "MALLOC_ARENA_MAX"), env(dockerfile, "MALLOC_ARENA_MAX"));
        int user = lastLineStarting(dockerfile, "USER ");
        int options = lastLineStarting(dockerfile, "ENV JDK_JAVA_OPTIONS=");
        int training = lastLineStarting(dockerfile, "RUN java -cp /training AotTraining /deployments ");
        assertTrue(user < training && options < training, "trained as the user, with the options, the app runs with");
        assertEquals("/deployments", last(dockerfile, "WORKDIR"));
        List<String> entrypoint = entrypoint(dockerfile);
        assertEquals(List.of("java", "-XX:AOTCache=app.aot"), entrypoint.subList(0, 2), "the cache");
        assertEquals(List.of("-jar", "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()),
                "the jar by the path the training run used");
        assertTrue(entrypoint.stream().noneMatch(option -> option.startsWith("-XX:+Unlock")),
                "the app runs on the JVM's product options alone");
    }

    @Test
    void theReadmeStartsFromTheCacheAsTheAotImageDoes() throws IOException {
        String start = Files.readString(Path.of("README.md")).replace("\\\n", " ").lines()
                .filter(line -> line.startsWith("cd target/quarkus-app && java ")).findFirst()
                .orElseThrow(() -> new AssertionError("the README shows no start from the cache"));
        List<String> options = Arrays.asList(start.replaceAll("^cd target/quarkus-app && java |\\s*#.*$", "").trim().split("\\s+"));
        List<String> entrypoint = entrypoint("Dockerfile.jvm-aot");
        assertEquals(entrypoint.subList(1, entrypoint.size()), options, "the README's start is not the image's");
    }

    /** The exec form of the last ENTRYPOINT, one element an entry. */
    private static List<String> entrypoint(String dockerfile) throws IOException {
        return Arrays.asList(last(dockerfile, "ENTRYPOINT").replaceAll("^\\[\\s*\"|\"\\s*]$", "").split("\",\\s*\""));
    }

    @Test
    void theTrainingProgramCompiles(@TempDir Path classes) {
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "src/main/docker/AotTraining.java");
        assertEquals(0, status, "src/main/docker/AotTraining.java does not compile");
    }

    @Test
    void theBuildContextIsWhatTheDockerfilesCopyAndNothingElse() throws IOException {
        List<String> patterns = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertEquals("*", patterns.get(0), "everything is left out unless named");
        List<String> sources = new ArrayList<>(copied("Dockerfile.jvm"));
        sources.addAll(copied("Dockerfile.jvm-aot"));
        sources.addAll(copied("Dockerfile.native-micro"));
        for (String source : sources) {
            String sample = source.replaceAll("/$", "").replace("[t]", "t").replace("*", "pushclock-1.0.0-SNAPSHOT");
            assertTrue(inContext(patterns, sample), source + " is left out of the build context");
        }
        for (String leftOut : List.of("target/classes/application.properties", "target/packaged-app-8080.log", ".git/HEAD",
                "kubernetes/validate/node_modules/yaml/package.json", "src/main/java/dev/pushclock/clock/Tick.java")) {
            assertFalse(inContext(patterns, leftOut), leftOut + " would be sent to the builder");
        }
    }

    /** .dockerignore's rule: the last pattern matching the path or a directory above it decides. */
    private static boolean inContext(List<String> patterns, String path) {
        boolean included = true;
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(exception ? 1 : 0).replaceAll("/$", ""));
            for (Path candidate = Path.of(path); candidate != null; candidate = candidate.getParent()) {
                if (matcher.matches(candidate)) {
                    included = exception;
                    break;
                }
            }
        }
        return included;
    }
}
