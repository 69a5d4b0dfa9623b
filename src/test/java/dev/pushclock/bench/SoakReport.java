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
 * Writes bench/SOAK.md from what bench/soak.sh gathered: the clients that stayed, the churn, and
 * the server's memory and open files over time, with each of the soak's criteria met or missed.
 * The same text closes bench/RESULTS.md, replacing the soak an earlier run left there.
 */
public final class SoakReport {

    /** Where the soak's part of bench/RESULTS.md starts: everything after it is the soak's. */
    static final String MARKER = "<!-- bench/soak.sh writes what follows -->\n";

    /** {@code results} with its soak part, if any, replaced by {@code soak}, a heading level down. */
    static String withSoak(String results, String soak) {
        int at = results.indexOf(MARKER);
        String before = at < 0 ? results : results.substring(0, at);
        return (before.endsWith("\n\n") || before.isEmpty() ? before : before.stripTrailing() + "\n\n") + MARKER
                + soak.replaceAll("(?m)^#", "##");
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int minutes = Integer.parseInt(args[1]);
        long fdsBefore = Long.parseLong(args[5].trim());
        long fdsAfter = Long.parseLong(args[6].trim());
        List<long[]> samples = Files.readAllLines(Path.of(args[7])).stream().skip(1)
                .map(line -> line.split(",")).map(f -> new long[] { Long.parseLong(f[0]), Long.parseLong(f[1]),
                        Long.parseLong(f[2]) })
                .toList();
        JsonObject churn = new JsonObject(Files.readString(Path.of(args[8])).trim());
        StringBuilder md = new StringBuilder("# Soak\n\n")
                .append("`bench/soak.sh --minutes ").append(minutes).append(" --stayers ").append(args[2])
                .append(" --churn-pool ").append(args[3]).append(" --churn-per-second ").append(args[4])
                .append("`, finished ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(", on the machine of bench/RESULTS.md, the clients beside the server.\n\n")
                .append("## Clients that stayed\n\n| transport | clients | connected | dropped | ticks | missed | lag p50 ms | lag p99 ms | lag max ms |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        long missed = 0;
        long dropped = 0;
        for (int i = 9; i < args.length; i++) {
            String text = Files.readString(Path.of(args[i])).trim();
            JsonObject run = new JsonObject(text.substring(text.lastIndexOf('\n') + 1));
            missed += run.getLong("missed");
            dropped += run.getInteger("dropped") + run.getInteger("failed");
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d |%n", run.getString("transport"),
                    run.getInteger("clients"), run.getInteger("connected"), run.getInteger("dropped"), run.getLong("ticks"),
                    run.getLong("missed"), run.getLong("lagP50"), run.getLong("lagP99"), run.getLong("lagMax")));
        }
        md.append("\nChurn: ").append(churn.getLong("opened")).append(" clients opened, ").append(churn.getLong("closed"))
                .append(" closed, ").append(churn.getLong("failed")).append(" failed to open.\n\n");

        // memory once every client is in: after the first two minutes
        List<long[]> settled = samples.stream().filter(s -> s[0] >= 120).toList();
        long low = settled.stream().mapToLong(s -> s[1]).min().orElse(0);
        long high = settled.stream().mapToLong(s -> s[1]).max().orElse(0);
        double spread = low == 0 ? Double.NaN : (high - low) / (double) low;
        md.append("## The server\n\n| minute | RSS MiB | open files |\n|---|---|---|\n");
        for (long[] sample : samples) {
            if (sample[0] % 120 < 10) {
                md.append(String.format(Locale.ROOT, "| %d | %.0f | %d |%n", sample[0] / 60, sample[1] / 1024.0, sample[2]));
            }
        }
        md.append(String.format(Locale.ROOT, "%nResident memory after the first two minutes: %.0f to %.0f MiB, a spread of %.1f %%.%n",
                low / 1024.0, high / 1024.0, spread * 100))
                .append("Open files: ").append(fdsBefore).append(" before the clients, ").append(fdsAfter)
                .append(" fifteen seconds after the last one left.\n\n")
                .append("| criterion | met |\n|---|---|\n")
                .append("| 0 missed ticks for clients that stay (none dropped) | ").append(missed == 0 && dropped == 0 ? "yes" : "**no**")
                .append(" |\n| RSS flat within 10 % | ").append(spread <= 0.10 ? "yes" : "**no**")
                .append(" |\n| open files back to where they were | ").append(fdsAfter <= fdsBefore + 2 ? "yes" : "**no**")
                .append(" |\n");
        Files.writeString(out, md);
        Path results = out.resolveSibling("RESULTS.md");
        if (Files.exists(results)) {
            Files.writeString(results, withSoak(Files.readString(results), md.toString()));
        }
    }
}
