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
import java.util.function.ToDoubleFunction;

import io.vertx.core.json.JsonObject;

/**
 * Turns the raw results of {@code bench/run.sh} (one JSON object per run) into bench/RESULTS.md:
 * the machine, every figure of every run, the means per server, the ratios, and each target of the
 * benchmark issue marked met or missed. The tuning log, bench/TUNING.md, and the last soak, bench/SOAK.md,
 * are appended as they are.
 *
 * <pre>java … dev.pushclock.bench.Report RESULTS.jsonl RESULTS.md COMMAND JAVA_OPTS NODE_VERSION</pre>
 */
public final class Report {

    private static final String PUSHCLOCK = "pushclock";
    private static final String EXPRESS = "express";

    private final List<JsonObject> runs;
    private final StringBuilder md = new StringBuilder();

    private Report(List<JsonObject> runs) {
        this.runs = runs;
    }

    public static void main(String[] args) throws IOException {
        List<JsonObject> runs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                runs.add(new JsonObject(line));
            }
        }
        Report report = new Report(runs);
        report.write(args[2], args[3], args[4]);
        Path tuning = Path.of("bench", "TUNING.md");
        if (Files.exists(tuning)) {
            report.md.append('\n').append(Files.readString(tuning));
        }
        Path soak = Path.of("bench", "SOAK.md");
        String results = Files.exists(soak) ? SoakReport.withSoak(report.md.toString(), Files.readString(soak))
                : report.md.toString();
        Files.writeString(Path.of(args[1]), results);
    }

    private void write(String command, String javaOptions, String nodeVersion) throws IOException {
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
                .append("- Baseline: Node ").append(nodeVersion).append(", Express and ws as locked in bench/baseline-express\n\n")
                .append("Lag is the time from a tick's boundary (`epochMillis`) to its arrival in the load generator, ")
                .append("whose own work is part of it. RSS and CPU come from the server's `/proc` entries, CPU as the ")
                .append("share of one core over the measured window.\n\n");
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

    private static double mean(List<JsonObject> runs, ToDoubleFunction<JsonObject> figure) {
        return runs.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private void streamingTables() {
        md.append("## Every run\n\n")
                .append("| transport | server | round | clients | connected | failed | dropped | ticks | missed | lag p50 ms | lag p99 ms | lag max ms | RSS MiB | peak RSS MiB | CPU cores |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String transport : streamingTransports()) {
            for (String server : List.of(PUSHCLOCK, EXPRESS)) {
                for (JsonObject run : of(server, transport)) {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %.0f | %.2f |%n",
                            transport, server, run.getInteger("round"), run.getInteger("clients"),
                            run.getInteger("connected"), run.getInteger("failed"), run.getInteger("dropped"),
                            run.getLong("ticks"), run.getLong("missed"), run.getLong("lagP50"), run.getLong("lagP99"),
                            run.getLong("lagMax"), run.getLong("rssKib") / 1024.0, run.getLong("peakRssKib") / 1024.0,
                            run.getDouble("cpuCores")));
                }
            }
        }
        md.append("\n## Means over the rounds, and pushclock ÷ baseline\n\n")
                .append("| transport | lag p99 ms pushclock | baseline | ratio | RSS MiB pushclock | baseline | ratio | CPU pushclock | baseline |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (String transport : streamingTransports()) {
            List<JsonObject> ours = of(PUSHCLOCK, transport);
            List<JsonObject> theirs = of(EXPRESS, transport);
            double p99 = mean(ours, run -> run.getLong("lagP99"));
            double baseP99 = mean(theirs, run -> run.getLong("lagP99"));
            double rss = mean(ours, run -> run.getLong("rssKib") / 1024.0);
            double baseRss = mean(theirs, run -> run.getLong("rssKib") / 1024.0);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f |%n",
                    transport, p99, baseP99, p99 / baseP99, rss, baseRss, rss / baseRss,
                    mean(ours, run -> run.getDouble("cpuCores")), mean(theirs, run -> run.getDouble("cpuCores"))));
        }
        md.append('\n');
    }

    private void pollingTable() {
        List<JsonObject> ours = of(PUSHCLOCK, "poll");
        List<JsonObject> theirs = of(EXPRESS, "poll");
        if (ours.isEmpty()) {
            return;
        }
        md.append("## Polling (wrk, 2 threads, 100 connections)\n\n| server | rounds (requests/s) | mean |\n|---|---|---|\n");
        for (String server : List.of(PUSHCLOCK, EXPRESS)) {
            List<JsonObject> rounds = of(server, "poll");
            md.append("| ").append(server).append(" | ")
                    .append(String.join(", ", rounds.stream().map(run -> String.format(Locale.ROOT, "%.0f",
                            run.getDouble("requestsPerSecond"))).toList()))
                    .append(String.format(Locale.ROOT, " | %.0f |%n", mean(rounds, run -> run.getDouble("requestsPerSecond"))));
        }
        md.append(String.format(Locale.ROOT, "%nRatio: %.2f×%n%n", mean(ours, run -> run.getDouble("requestsPerSecond"))
                / mean(theirs, run -> run.getDouble("requestsPerSecond"))));
    }

    private void targets() {
        Map<String, Boolean> met = new LinkedHashMap<>();
        for (String transport : List.of("websocket", "sse")) {
            List<JsonObject> ours = of(PUSHCLOCK, transport);
            List<JsonObject> theirs = of(EXPRESS, transport);
            if (ours.isEmpty() || theirs.isEmpty()) {
                continue;
            }
            double p99 = ours.stream().mapToLong(run -> run.getLong("lagP99")).max().orElseThrow();
            met.put(transport + ": 0 missed ticks, every client connected",
                    ours.stream().allMatch(run -> run.getLong("missed") == 0 && run.getInteger("failed") == 0
                            && run.getInteger("dropped") == 0));
            met.put(transport + ": p99 lag ≤ 50 ms (worst round " + Math.round(p99) + " ms)", p99 <= 50);
            met.put(transport + ": p99 lag ≤ 0.5 × the baseline's", mean(ours, run -> run.getLong("lagP99"))
                    <= 0.5 * mean(theirs, run -> run.getLong("lagP99")));
            met.put(transport + ": RSS ≤ the baseline's", mean(ours, run -> run.getLong("rssKib"))
                    <= mean(theirs, run -> run.getLong("rssKib")));
        }
        List<JsonObject> longPolls = of(PUSHCLOCK, "long-poll");
        if (!longPolls.isEmpty()) {
            long worst = longPolls.stream().mapToLong(run -> run.getLong("lagP99")).max().orElseThrow();
            met.put("long-poll: p99 answered within 100 ms of its tick (worst round " + worst + " ms)", worst <= 100);
        }
        if (!of(PUSHCLOCK, "poll").isEmpty()) {
            met.put("polling: ≥ 3 × the baseline's requests/s", mean(of(PUSHCLOCK, "poll"), run -> run.getDouble("requestsPerSecond"))
                    >= 3 * mean(of(EXPRESS, "poll"), run -> run.getDouble("requestsPerSecond")));
        }
        md.append("## Targets\n\n| target | met |\n|---|---|\n");
        met.forEach((target, ok) -> md.append("| ").append(target).append(" | ").append(ok ? "yes" : "**no**").append(" |\n"));
        md.append('\n');
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
