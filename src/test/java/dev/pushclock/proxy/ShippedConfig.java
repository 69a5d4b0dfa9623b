package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy configuration shipped in {@code deploy/}, as a test runs it: the file itself, where only
 * the lines it marks {@code #[name]} may change, and only in one token each: the address of a
 * {@code #[listen-*]} line, the address and health-check port of a {@code #[replica-*]} line, the
 * duration of a {@code #[read-timeout]} line. One named variation may drop marked lines. Every
 * other line is checked to come out exactly as shipped, so a test proves the file, not a look-alike.
 */
public final class ShippedConfig {

    private static final Pattern MARK = Pattern.compile("#\\[([a-z0-9-]+)]\\s*$");
    private static final Pattern LISTEN_ADDRESS = Pattern.compile("^(\\s*(?:listen|bind)\\s+)([^\\s;]+)");
    private static final Pattern HOST_PORT = Pattern.compile("(?<=\\s)[A-Za-z0-9.\\-]+:\\d+(?=[\\s;])");
    private static final Pattern CHECK_PORT = Pattern.compile("(?<=\\sport\\s)\\d+(?=\\s)");
    private static final Pattern DURATION = Pattern.compile("(?<=\\s)\\d+(?:ms|s|m|h)?(?=[\\s;])");

    private final Path file;
    private final List<String> lines;
    private final Map<String, UnaryOperator<String>> changes = new LinkedHashMap<>();
    private final Set<String> dropped = new HashSet<>();

    private ShippedConfig(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code deploy/<name>}, as shipped. */
    public static ShippedConfig of(String name) {
        return new ShippedConfig(Path.of("deploy", name));
    }

    public Path file() {
        return file;
    }

    /** The {@code #[mark]} line listens on {@code 127.0.0.1:port} instead. */
    public ShippedConfig listen(String mark, int port) {
        return change(mark, line -> replaceOnce(line, LISTEN_ADDRESS, matcher -> matcher.group(1) + "127.0.0.1:" + port));
    }

    /** The {@code #[mark]} line names this replica instead, and checks its health on its own port. */
    public ShippedConfig replica(String mark, Upstream upstream) {
        return change(mark, line -> {
            String addressed = replaceOnce(line, HOST_PORT, matcher -> upstream.address());
            return CHECK_PORT.matcher(addressed).find()
                    ? replaceOnce(addressed, CHECK_PORT, matcher -> String.valueOf(upstream.healthPort()))
                    : addressed;
        });
    }

    /** The lines {@code #[replica-1]}, {@code #[replica-2]}, … name these replicas, in order. */
    public ShippedConfig replicas(List<Upstream> upstreams) {
        for (int i = 0; i < upstreams.size(); i++) {
            replica("replica-" + (i + 1), upstreams.get(i));
        }
        return this;
    }

    /** Every {@code #[read-timeout]} line says {@code timeout} instead: for the one test of what the read timeout cuts. */
    public ShippedConfig readTimeout(Duration timeout) {
        return change("read-timeout", line -> replaceOnce(line, DURATION, matcher -> timeout.toSeconds() + "s"));
    }

    /** Leaves out the lines marked {@code #[mark]}: the one variation a test may make, and says why. */
    public ShippedConfig without(String mark) {
        assertTrue(marks().contains(mark), file + " marks no line #[" + mark + "]");
        dropped.add(mark);
        return this;
    }

    private ShippedConfig change(String mark, UnaryOperator<String> change) {
        assertTrue(marks().contains(mark), file + " marks no line #[" + mark + "]");
        changes.put(mark, change);
        return this;
    }

    /** Every mark in the file. */
    public Set<String> marks() {
        Set<String> marks = new HashSet<>();
        lines.forEach(line -> mark(line).ifPresent(marks::add));
        return marks;
    }

    private static Optional<String> mark(String line) {
        Matcher matcher = MARK.matcher(line);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * The file as the proxy will read it. Fails if an address is left as shipped (it points at no
     * test replica) or if any unmarked line differs from the shipped one.
     */
    public String render() {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String mark = mark(line).orElse(null);
            if (mark == null) {
                out.add(line);
            } else if (dropped.contains(mark)) {
                continue;
            } else if (changes.containsKey(mark)) {
                out.add(changes.get(mark).apply(line));
            } else if (mark.startsWith("listen-") || mark.startsWith("replica-")) {
                fail(file + ": no test address given for the line marked #[" + mark + "]: " + line.strip());
            } else {
                out.add(line);
            }
        }
        assertEquals(unmarked(lines), unmarked(out), "only marked lines may differ from " + file);
        return String.join("\n", out) + "\n";
    }

    /** Renders the file to {@code target}. */
    public Path writeTo(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.writeString(target, render());
    }

    private static List<String> unmarked(List<String> lines) {
        return lines.stream().filter(line -> mark(line).isEmpty()).toList();
    }

    /** Replaces the one match of {@code token} in the directive part of {@code line}; fails on none or several. */
    private String replaceOnce(String line, Pattern token, Function<Matcher, String> replacement) {
        int comment = line.indexOf('#');
        String directive = line.substring(0, comment);
        Matcher matcher = token.matcher(directive);
        assertTrue(matcher.find(), file + ": nothing to change in " + line.strip());
        String changed = directive.substring(0, matcher.start()) + replacement.apply(matcher) + directive.substring(matcher.end());
        assertTrue(!matcher.find(), file + ": more than one token to change in " + line.strip());
        return changed + line.substring(comment);
    }
}
