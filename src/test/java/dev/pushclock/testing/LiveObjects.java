package dev.pushclock.testing;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * The objects still reachable in this JVM, by class: the JVM's own class histogram (what
 * {@code jcmd PID GC.class_histogram} prints), taken after a full collection, so an object counted
 * here is one something still holds. For tests that run the service in their own JVM (@QuarkusTest).
 */
public final class LiveObjects {

    /** The classes that stand for one client connection in the server: Netty's channel, Vert.x's connection and socket, websockets-next's connection. */
    public static final Predicate<String> CONNECTIONS = Pattern.compile(
            "io\\.netty\\.channel\\.(epoll\\.Epoll|socket\\.nio\\.Nio)SocketChannel"
                    + "|io\\.vertx\\.core\\.http\\.impl\\.(Http1xServerConnection|ServerWebSocketImpl)"
                    + "|io\\.quarkus\\.websockets\\.next\\.runtime\\.WebSocketConnectionImpl")
            .asMatchPredicate();

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+).*$", Pattern.MULTILINE);

    private LiveObjects() {
    }

    /** Instances reachable now of each class {@code named} accepts (classes with none are left out). */
    public static Map<String, Long> count(Predicate<String> named) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        Map<String, Long> counts = new TreeMap<>();
        Matcher row = ROW.matcher(histogram);
        while (row.find()) {
            if (named.test(row.group(2))) {
                counts.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
            }
        }
        return counts;
    }

    /** The sum of {@link #count}. */
    public static long total(Predicate<String> named) throws Exception {
        return count(named).values().stream().mapToLong(Long::longValue).sum();
    }
}
