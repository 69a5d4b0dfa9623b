package dev.pushclock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.vertx.core.json.JsonObject;

/**
 * Turns the raw results of {@code bench/run.sh} (one JSON object per run) into bench/RESULTS.md:
 * the machine, every figure of every run, the means per server side by side, pushclock's ratios to
 * each baseline (Nchan, Express), and each target of the benchmark issue marked met or missed. The
 * memory per connection of {@code bench/run.sh --slope} (bench/SLOPE.md), the tuning log
 * (bench/TUNING.md) and the last soak (bench/SOAK.md) are appended as they are.
 *
 * <pre>java … dev.pushclock.bench.Report RESULTS.jsonl RESULTS.md COMMAND JAVA_OPTS NODE_VERSION NCHAN_VERSION</pre>
 */
public final class Report {

    static final String PUSHCLOCK = "pushclock";
    static final String NCHAN = "nchan";
    static final String EXPRESS = "express";
    /** pushclock behind a proxy run from its file in deploy/: beside pushclock, what the proxy adds. */
    static final String VIA_NGINX = "pushclock-via-nginx";
    static final String VIA_HAPROXY = "pushclock-via-haproxy";
    /** {@link LoopbackFloor}: the least lag the machine and the generator allow, for WebSocket, SSE, NDJSON and the long-poll. */
    static final String FLOOR = "floor";
    /** The order of the columns: pushclock, pushclock behind each proxy, the baselines, the stronger first, then the floor. */
    static final List<String> SERVERS = List.of(PUSHCLOCK, VIA_NGINX, VIA_HAPROXY, NCHAN, EXPRESS, FLOOR);

    private static final ToDoubleFunction<JsonObject> LAG_P50 = run -> run.getLong("lagP50");
    private static final ToDoubleFunction<JsonObject> LAG_P99 = run -> run.getLong("lagP99");
    private static final ToDoubleFunction<JsonObject> RSS_MIB = run -> mib(run, "rssKib");
    private static final ToDoubleFunction<JsonObject> CPU = run -> run.getDouble("cpuCores");

    private final List<JsonObject> runs;
    private final List<String> servers;
    private final List<String> baselines;
    private final StringBuilder md = new StringBuilder();

    private Report(List<JsonObject> runs) {
        this.runs = runs;
        this.servers = SERVERS.stream().filter(server -> runs.stream().anyMatch(run -> run.getString("server").equals(server)))
                .toList();
        this.baselines = servers.stream().filter(server -> !server.equals(PUSHCLOCK)).toList();
    }

    public static void main(String[] args) throws IOException {
        Report report = new Report(readRuns(Path.of(args[0])));
        report.write(args[2], args[3], args[4], args.length > 5 ? args[5] : "");
        Path slope = Path.of("bench", "SLOPE.md");
        if (Files.exists(slope)) {
            report.md.append(Files.readString(slope).replaceAll("(?m)^#", "##")).append('\n');
        }
        Path tuning = Path.of("bench", "TUNING.md");
        if (Files.exists(tuning)) {
            report.md.append('\n').append(Files.readString(tuning));
        }
        Path soak = Path.of("bench", "SOAK.md");
        String results = Files.exists(soak) ? SoakReport.withSoak(report.md.toString(), Files.readString(soak))
                : report.md.toString();
        Files.writeString(Path.of(args[1]), results);
    }

    static List<JsonObject> readRuns(Path jsonLines) throws IOException {
        List<JsonObject> runs = new ArrayList<>();
        for (String line : Files.readAllLines(jsonLines)) {
            if (!line.isBlank()) {
                runs.add(new JsonObject(line));
            }
        }
        return runs;
    }

    static String name(String server) {
        return switch (server) {
            case NCHAN -> "Nchan";
            case EXPRESS -> "Express";
            case VIA_NGINX -> "pushclock via nginx";
            case VIA_HAPROXY -> "pushclock via HAProxy";
            case FLOOR -> "the floor";
            default -> server;
        };
    }

    static double mean(List<JsonObject> runs, ToDoubleFunction<JsonObject> figure) {
        return runs.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private void write(String command, String javaOptions, String nodeVersion, String nchanVersion) throws IOException {
        md.append("# pushclock benchmark results\n\n")
                .append("Produced by `").append(command).append("` on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".\n\n")
                .append("## Machine\n\n")
                .append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, shared by the server and the load generator\n")
                .append("- Memory: ").append(memTotal()).append("\n")
                .append("- Kernel: ").append(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim()).append("\n")
                .append("- pushclock: Java ").append(System.getProperty("java.version")).append(", `")
                .append(javaOptions).append("`, `MALLOC_ARENA_MAX=2`\n")
                .append("- The load generator: `LoadGenerator` (in src/test/java/dev/pushclock/bench), a JVM beside the ")
                .append("server; Vert.x's clients for WebSockets and streams, and for long-polls ")
                .append("plain Netty connections, each request written as text and each answer read by `ResponseReader`\n");
        if (servers.contains(NCHAN)) {
            md.append("- Nchan: ").append(nchanVersion).append(", as configured in bench/baseline-nchan/nginx.conf, ")
                    .append("its publisher on Node ").append(nodeVersion).append('\n');
        }
        if (servers.contains(EXPRESS)) {
            md.append("- Express: Node ").append(nodeVersion).append(", Express and ws as locked in bench/baseline-express\n");
        }
        if (servers.contains(FLOOR)) {
            md.append("- The floor: `LoopbackFloor` (in src/test/java/dev/pushclock/bench), a JVM on the same machine ")
                    .append("that writes each client's tick, framed once for all, straight to its socket at every boundary ")
                    .append("from two threads, with nothing else: what is left of its lag is the kernel's and the load ")
                    .append("generator's, the least any server could reach here (WebSocket, SSE, NDJSON and the long-poll, whose ")
                    .append("answer is a whole response, and whose next request it reads and holds or answers)\n");
        }
        for (String viaProxy : List.of(VIA_NGINX, VIA_HAPROXY)) {
            if (servers.contains(viaProxy)) {
                md.append("- ").append(name(viaProxy)).append(": the same pushclock behind Debian's ")
                        .append(viaProxy.equals(VIA_NGINX) ? "nginx, run from deploy/nginx.conf" : "HAProxy, run from deploy/haproxy.cfg")
                        .append(" as the integration tests run it (both replica lines name the one pushclock); its figures ")
                        .append("are pushclock's alone, the proxy's memory and CPU are not counted\n");
            }
        }
        md.append("\nThe servers ran one at a time, in rounds that alternate their order. ")
                .append("Lag is the time from a tick's boundary (`epochMillis`) to its arrival in the load generator, ")
                .append("whose own work is part of it. RSS and CPU come from the `/proc` entries of the server's process ")
                .append("and all its descendants, summed: pushclock is one JVM, Express one Node process, Nchan nginx's ")
                .append("master and its workers. CPU is the share of one core over the measured window. Summed RSS counts ")
                .append("a page that nginx's processes share (its code, Nchan's shared memory) once in each of them; PSS, ")
                .append("in the table of every run, counts each shared page as its share instead (and so also divides ")
                .append("the pages any server shares with other programs, such as the C library). Nchan's publisher, the ")
                .append("Node process that posts each tick to it, is not in Nchan's figures: it is reported on its own ")
                .append("below the means.\n\n");
        streamingTables();
        pollingTable();
        targets();
    }

    private List<String> streamingTransports() {
        return runs.stream().map(run -> run.getString("transport")).filter(t -> !t.equals("poll")).distinct().toList();
    }

    private List<JsonObject> of(String server, String transport) {
        return runs.stream().filter(run -> run.getString("server").equals(server)
                && run.getString("transport").equals(transport)).toList();
    }

    /** The mean of one figure of a server's runs of a transport, in a table cell: "–" where it did not run. */
    private String cell(String server, String transport, String format, ToDoubleFunction<JsonObject> figure) {
        List<JsonObject> theirs = of(server, transport);
        return theirs.isEmpty() ? "–" : String.format(Locale.ROOT, format, mean(theirs, figure));
    }

    /** pushclock's mean of one figure divided by a baseline's, in a table cell. */
    private String ratio(String baseline, String transport, ToDoubleFunction<JsonObject> figure) {
        List<JsonObject> ours = of(PUSHCLOCK, transport);
        List<JsonObject> theirs = of(baseline, transport);
        return ours.isEmpty() || theirs.isEmpty() ? "–"
                : String.format(Locale.ROOT, "%.2f", mean(ours, figure) / mean(theirs, figure));
    }

    private static double mib(JsonObject run, String field) {
        return run.getLong(field) / 1024.0;
    }

    private void streamingTables() {
        md.append("## Every run\n\n")
                .append("| transport | server | round | clients | connected | failed | dropped | ticks | missed | lag p50 ms | lag p99 ms | lag max ms | RSS MiB | peak RSS MiB | PSS MiB | CPU cores |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String transport : streamingTransports()) {
            for (String server : servers) {
                for (JsonObject run : of(server, transport)) {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %.0f | %s | %.2f |%n",
                            transport, server, run.getInteger("round"), run.getInteger("clients"),
                            run.getInteger("connected"), run.getInteger("failed"), run.getInteger("dropped"),
                            run.getLong("ticks"), run.getLong("missed"), run.getLong("lagP50"), run.getLong("lagP99"),
                            run.getLong("lagMax"), mib(run, "rssKib"), mib(run, "peakRssKib"),
                            run.containsKey("pssKib") ? String.format(Locale.ROOT, "%.0f", mib(run, "pssKib")) : "–",
                            run.getDouble("cpuCores")));
                }
            }
        }
        md.append("\n## Means over the rounds, and pushclock ÷ each baseline\n\n");
        List<Column> lags = new ArrayList<>();
        servers.forEach(server -> lags.add(new Column("lag p50 ms " + name(server), t -> cell(server, t, "%.0f", LAG_P50))));
        servers.forEach(server -> lags.add(new Column("lag p99 ms " + name(server), t -> cell(server, t, "%.0f", LAG_P99))));
        baselines.forEach(baseline -> lags.add(new Column("p99 ÷ " + name(baseline), t -> ratio(baseline, t, LAG_P99))));
        meansTable(lags);
        List<Column> resources = new ArrayList<>();
        servers.forEach(server -> resources.add(new Column("RSS MiB " + name(server), t -> cell(server, t, "%.0f", RSS_MIB))));
        baselines.stream().filter(baseline -> !baseline.equals(FLOOR))
                .forEach(baseline -> resources.add(new Column("RSS ÷ " + name(baseline), t -> ratio(baseline, t, RSS_MIB))));
        servers.forEach(server -> resources.add(new Column("CPU cores " + name(server), t -> cell(server, t, "%.2f", CPU))));
        meansTable(resources);
        List<JsonObject> published = runs.stream().filter(run -> run.containsKey("publisherRssKib")).toList();
        if (!published.isEmpty()) {
            md.append(String.format(Locale.ROOT, "Nchan's publisher (bench/baseline-nchan/publisher.js, Node, two posts a "
                            + "second), not counted above: %.0f MiB RSS and %.3f cores on average over Nchan's runs.%n%n",
                    mean(published, run -> mib(run, "publisherRssKib")), mean(published, run -> run.getDouble("publisherCpuCores"))));
        }
    }

    /** A column of a table of means: its heading, and its cell for a transport. */
    private record Column(String heading, Function<String, String> cell) {
    }

    /** A row per streaming transport. */
    private void meansTable(List<Column> columns) {
        md.append("| transport | ").append(String.join(" | ", columns.stream().map(Column::heading).toList())).append(" |\n")
                .append("|---".repeat(columns.size() + 1)).append("|\n");
        for (String transport : streamingTransports()) {
            md.append("| ").append(transport).append(" | ")
                    .append(String.join(" | ", columns.stream().map(column -> column.cell().apply(transport)).toList())).append(" |\n");
        }
        md.append('\n');
    }

    private double requestsPerSecond(String server) {
        return mean(of(server, "poll"), run -> run.getDouble("requestsPerSecond"));
    }

    private void pollingTable() {
        if (of(PUSHCLOCK, "poll").isEmpty()) {
            return;
        }
        md.append("## Polling (wrk, 2 threads, 100 connections)\n\n| server | rounds (requests/s) | mean |\n|---|---|---|\n");
        List<String> polled = servers.stream().filter(server -> !of(server, "poll").isEmpty()).toList();
        for (String server : polled) {
            List<JsonObject> rounds = of(server, "poll");
            md.append("| ").append(server).append(" | ")
                    .append(String.join(", ", rounds.stream().map(run -> String.format(Locale.ROOT, "%.0f",
                            run.getDouble("requestsPerSecond"))).toList()))
                    .append(String.format(Locale.ROOT, " | %.0f |%n", requestsPerSecond(server)));
        }
        md.append('\n');
        for (String baseline : polled.subList(1, polled.size())) {
            md.append(String.format(Locale.ROOT, "- pushclock ÷ %s: %.2f×%n", name(baseline),
                    requestsPerSecond(PUSHCLOCK) / requestsPerSecond(baseline)));
        }
        md.append('\n');
    }

    /** The targets of issue 14, on the means of the rounds of this run. */
    private void targets() {
        if (!servers.contains(PUSHCLOCK)) {
            return;
        }
        Map<String, Boolean> met = new LinkedHashMap<>();
        for (String transport : List.of("websocket", "sse", "ndjson")) {
            List<JsonObject> ours = of(PUSHCLOCK, transport);
            if (ours.isEmpty()) {
                continue;
            }
            met.put(transport + ": 0 missed ticks, every client connected",
                    ours.stream().allMatch(run -> run.getLong("missed") == 0 && run.getInteger("failed") == 0
                            && run.getInteger("dropped") == 0));
            lagTarget(met, transport, NCHAN, 0.8);
            lagTarget(met, transport, EXPRESS, 0.6);
            lagTarget(met, transport, FLOOR, 1.3);
        }
        List<JsonObject> longPolls = of(PUSHCLOCK, "long-poll");
        if (!longPolls.isEmpty()) {
            long worst = longPolls.stream().mapToLong(run -> run.getLong("lagP99")).max().orElseThrow();
            String floor = of(FLOOR, "long-poll").stream().mapToLong(run -> run.getLong("lagP99")).max()
                    .stream().mapToObj(least -> "; the floor's worst round " + least + " ms").findFirst().orElse("");
            String generator = longPolls.stream().filter(run -> run.containsKey("generatorCpuCores"))
                    .mapToDouble(run -> run.getDouble("generatorCpuCores")).max().stream()
                    .mapToObj(most -> String.format(Locale.ROOT, "; in pushclock's rounds the generator used at most %.2f cores of %d",
                            most, Runtime.getRuntime().availableProcessors()))
                    .findFirst().orElse("");
            met.put("long-poll: p99 ≤ 250 ms (worst round " + worst + " ms" + floor + generator + ")", worst <= 250);
        }
        if (!of(PUSHCLOCK, "poll").isEmpty() && !of(EXPRESS, "poll").isEmpty()) {
            double times = requestsPerSecond(PUSHCLOCK) / requestsPerSecond(EXPRESS);
            met.put(String.format(Locale.ROOT, "polling: ≥ 4 × Express's requests/s (%.2f×)", times), times >= 4);
        }
        List<JsonObject> sockets = of(PUSHCLOCK, "websocket");
        if (!sockets.isEmpty() && !of(EXPRESS, "websocket").isEmpty()) {
            double ours = mean(sockets, RSS_MIB);
            double theirs = mean(of(EXPRESS, "websocket"), RSS_MIB);
            int clients = sockets.get(0).getInteger("clients");
            met.put(String.format(Locale.ROOT, "websocket: RSS ≤ Express's (%.0f vs %.0f MiB at %,d clients%s)", ours, theirs,
                    clients, clients == 10_000 ? "" : "; the issue asks it at 10,000"), ours <= theirs);
        }
        md.append("## Targets (issue 14)\n\n")
                .append("Each lag target compares the means of the rounds")
                .append(servers.contains(FLOOR) ? "; the floor is the one this run measured. Its lag is the kernel's and "
                        + "the generator's share, which every server here pays too: a target that asks for less asks a server "
                        + "to do better than a program that only writes each client its frame.\n\n"
                        : ". Issue 14 also asks for each p99 within 1.3× of the loopback floor (`LoopbackFloor`, the "
                                + "server `floor` of bench/run.sh) measured in the same run, which this run did not measure.\n\n")
                .append("| target | met |\n|---|---|\n");
        met.forEach((target, ok) -> md.append("| ").append(target).append(" | ").append(ok ? "yes" : "**no**").append(" |\n"));
        md.append('\n');
    }

    /** pushclock's mean p99 lag at most {@code factor} times the baseline's, if the baseline ran this transport. */
    private void lagTarget(Map<String, Boolean> met, String transport, String baseline, double factor) {
        List<JsonObject> theirs = of(baseline, transport);
        if (theirs.isEmpty()) {
            return;
        }
        double ours = mean(of(PUSHCLOCK, transport), LAG_P99);
        double base = mean(theirs, LAG_P99);
        met.put(String.format(Locale.ROOT, "%s: p99 lag ≤ %.1f × %s's (%.0f vs %.0f ms: %.2f×%s)", transport, factor,
                name(baseline), ours, base, ours / base, belowTheFloor(transport, baseline, factor * base)), ours <= factor * base);
    }

    /** Where a peer's target asks for less lag than the floor of this run had, as the line rounds both. */
    private String belowTheFloor(String transport, String baseline, double asked) {
        List<JsonObject> floor = of(FLOOR, transport);
        if (baseline.equals(FLOOR) || floor.isEmpty()) {
            return "";
        }
        long floorMillis = Math.round(mean(floor, LAG_P99));
        return Math.round(asked) < floorMillis
                ? String.format(Locale.ROOT, "; it asks for %d ms, below the floor's %d", Math.round(asked), floorMillis) : "";
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    private static String memTotal() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
        long kib = Long.parseLong(line.replaceAll("\\D+", ""));
        return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
    }
}
