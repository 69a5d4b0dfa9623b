package dev.pushclock.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * An overall connection limit on the application port, sized from the process's open-file limit
 * unless {@code quarkus.http.limits.max-connections} is set. Each transport has its own cap, but a
 * socket that never finishes its request head, or sits idle between requests, reaches none of
 * them: enough of those would take every file descriptor, and then nothing is accepted at all —
 * not the next client, and not the kubelet's probe on the management port, which restarts the pod
 * and drops every client it held. Capped at the limit less {@link #RESERVE}, the application port
 * closes a connection over the cap at once (Quarkus does, at DEBUG), and the descriptors kept back
 * stay for probes, scrapes, the JVM's own files and the replica's way back once the idle ones go.
 *
 * <p>Its ordinal (150) is below every source a user writes (application.properties 250, the
 * environment 300, system properties 400), so a configured limit wins; and above the defaults
 * Quarkus records at build time, where this factory also runs, with the build machine's limit.
 */
public final class ConnectionCeiling implements ConfigSourceFactory {

    static final String MAX_CONNECTIONS = "quarkus.http.limits.max-connections";
    /**
     * Descriptors kept back: the packaged app holds about 45 of its own when idle (bench/SOAK.md's
     * open-file count before and after its clients), plus probes, scrapes and room to spare.
     */
    static final int RESERVE = 256;
    private static final int ORDINAL = 150;
    private static final Path LIMITS = Path.of("/proc/self/limits");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        long openFiles = openFileLimit();
        if (openFiles <= 0) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(MAX_CONNECTIONS, String.valueOf(ceiling(openFiles))),
                ConnectionCeiling.class.getSimpleName(), ORDINAL));
    }

    /** The cap for a process allowed {@code openFiles} descriptors: all but the reserve, or half of a very low limit. */
    static int ceiling(long openFiles) {
        return (int) Math.min(Integer.MAX_VALUE, openFiles - Math.min(RESERVE, openFiles / 2));
    }

    /**
     * The process's soft open-file limit, from Linux's {@code /proc/self/limits} (read directly: the
     * JMX bean that also knows it costs tens of milliseconds of start-up), or -1 where there is none.
     */
    static long openFileLimit() {
        try {
            return openFileLimit(Files.readAllLines(LIMITS));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** From the lines of a {@code /proc/PID/limits}: {@code Max open files  <soft>  <hard>  files}. */
    static long openFileLimit(List<String> limits) {
        for (String line : limits) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Integer.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }
}
