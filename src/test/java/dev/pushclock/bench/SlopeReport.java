package dev.pushclock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonObject;

/**
 * Writes bench/SLOPE.md from what {@code bench/run.sh --slope LOW,HIGH} measured: each server's
 * resident memory with LOW and with HIGH clients of a transport, and the slope between them, what
 * one more connection costs. bench/RESULTS.md includes it.
 *
 * <pre>java … dev.pushclock.bench.SlopeReport RESULTS.jsonl SLOPE.md COMMAND</pre>
 */
public final class SlopeReport {

    private SlopeReport() {
    }

    public static void main(String[] args) throws IOException {
        List<JsonObject> runs = Report.readRuns(Path.of(args[0]));
        StringBuilder md = new StringBuilder("# Bytes per connection\n\n")
                .append("Produced by `").append(args[2]).append("` on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(", on the machine of bench/RESULTS.md. Each server ran fresh at each client count; RSS is ")
                .append("summed over its processes at the end of the measured window (Nchan without its publisher), ")
                .append("means over the rounds; lost counts the missed ticks and the failed and dropped clients of all ")
                .append("rounds. The slope is the memory each connection adds between the two counts.\n\n")
                .append("| transport | server | clients | RSS MiB | PSS MiB | lost | clients | RSS MiB | PSS MiB | lost | bytes per connection (RSS) | (PSS) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String transport : runs.stream().map(run -> run.getString("transport")).distinct().toList()) {
            for (String server : Report.SERVERS) {
                List<JsonObject> theirs = runs.stream().filter(run -> run.getString("server").equals(server)
                        && run.getString("transport").equals(transport)).toList();
                List<Integer> counts = theirs.stream().map(run -> run.getInteger("clients")).distinct().sorted().toList();
                if (counts.size() != 2) {
                    continue;
                }
                List<JsonObject> low = theirs.stream().filter(run -> run.getInteger("clients").equals(counts.get(0))).toList();
                List<JsonObject> high = theirs.stream().filter(run -> run.getInteger("clients").equals(counts.get(1))).toList();
                int added = counts.get(1) - counts.get(0);
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %d | %d | %.0f | %.0f | %d | %.0f | %.0f |%n",
                        transport, server, counts.get(0), mib(low, "rssKib"), mib(low, "pssKib"), missed(low),
                        counts.get(1), mib(high, "rssKib"), mib(high, "pssKib"), missed(high),
                        (kib(high, "rssKib") - kib(low, "rssKib")) * 1024 / added,
                        (kib(high, "pssKib") - kib(low, "pssKib")) * 1024 / added));
            }
        }
        Files.writeString(Path.of(args[1]), md.toString());
    }

    private static double kib(List<JsonObject> runs, String field) {
        return Report.mean(runs, run -> run.getLong(field));
    }

    private static double mib(List<JsonObject> runs, String field) {
        return kib(runs, field) / 1024;
    }

    private static long missed(List<JsonObject> runs) {
        return runs.stream().mapToLong(run -> run.getLong("missed") + run.getInteger("failed") + run.getInteger("dropped")).sum();
    }
}
