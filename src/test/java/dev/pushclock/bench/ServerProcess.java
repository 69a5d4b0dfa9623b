package dev.pushclock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code /proc} says about the server under test: its memory and the CPU time it has used. */
record ServerProcess(long pid) {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** Resident set size now, in KiB. */
    long rssKib() throws IOException {
        return statusField("VmRSS:");
    }

    /** The highest resident set size so far, in KiB. */
    long peakRssKib() throws IOException {
        return statusField("VmHWM:");
    }

    /** User plus system CPU time used so far, in milliseconds. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // the command name may contain spaces: the fields that follow start after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    /** Open file descriptors: sockets included. */
    long openFiles() throws IOException {
        try (var entries = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return entries.count();
        }
    }

    private long statusField(String name) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
        for (String line : lines) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(name + " missing from /proc/" + pid + "/status");
    }
}
