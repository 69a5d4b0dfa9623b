package dev.pushclock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code /proc} says about the server under test: its memory and the CPU time it has used,
 * summed over the process and its descendants, so that a server of several processes (nginx's
 * master and workers) counts whole. A descendant that exits while it is read counts nothing.
 */
record ServerProcess(long pid) {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** Resident set size now, in KiB. */
    long rssKib() throws IOException {
        return sum(process -> field(proc(process, "status"), "VmRSS:"));
    }

    /** The highest resident set size so far, in KiB: each process's own peak, summed. */
    long peakRssKib() throws IOException {
        return sum(process -> field(proc(process, "status"), "VmHWM:"));
    }

    /**
     * Proportional set size now, in KiB: each page shared with other processes counted as its share,
     * so that pages nginx's master and workers share are not counted once in each of them.
     */
    long pssKib() throws IOException {
        return sum(process -> field(proc(process, "smaps_rollup"), "Pss:"));
    }

    /** User plus system CPU time used so far, in milliseconds. */
    long cpuMillis() throws IOException {
        return sum(process -> {
            String stat = Files.readString(proc(process, "stat"));
            // the command name may contain spaces: the fields that follow start after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        });
    }

    /** Open file descriptors: sockets included. */
    long openFiles() throws IOException {
        return sum(process -> {
            try (var entries = Files.list(proc(process, "fd"))) {
                return entries.count();
            }
        });
    }

    @FunctionalInterface
    private interface Figure {
        long of(long process) throws IOException;
    }

    private long sum(Figure figure) throws IOException {
        List<Long> processes = ProcessHandle.of(pid)
                .map(root -> Stream.concat(Stream.of(root), root.descendants()).map(ProcessHandle::pid).toList())
                .orElse(List.of(pid));
        long total = 0;
        for (long process : processes) {
            try {
                total += figure.of(process);
            } catch (IOException gone) {
                if (process == pid) {
                    throw gone;
                }
            }
        }
        return total;
    }

    private static Path proc(long process, String entry) {
        return Path.of("/proc", String.valueOf(process), entry);
    }

    /** The number after {@code name} in a file of "name: value kB" lines. */
    private static long field(Path file, String name) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(name + " missing from " + file);
    }
}
