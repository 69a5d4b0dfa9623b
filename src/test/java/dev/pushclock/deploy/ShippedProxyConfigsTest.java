package dev.pushclock.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pushclock.clock.ClockConfig;
import dev.pushclock.proxy.ShippedConfig;
import dev.pushclock.transport.TransportConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * deploy/nginx.conf and deploy/haproxy.cfg agree with the application, read as text: what the
 * proxy tests cannot wait for (a 120 s long-poll) or would pass without (a directive whose default
 * happens to work on loopback) is checked here against the application's own settings.
 */
class ShippedProxyConfigsTest {

    /** Quarkus's default {@code quarkus.management.port}, where /q/health is served. */
    private static final int MANAGEMENT_PORT = 9000;
    private static final Pattern DURATION = Pattern.compile("(\\d+)(us|ms|s|m|h|d)?");

    static ClockConfig clock;
    static TransportConfig transports;
    static List<List<String>> nginx;
    static List<List<String>> haproxy;

    @BeforeAll
    static void load() throws IOException {
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(ClockConfig.class).withMapping(TransportConfig.class).build();
        clock = defaults.getConfigMapping(ClockConfig.class);
        transports = defaults.getConfigMapping(TransportConfig.class);
        nginx = directives(ShippedConfig.of("nginx.conf").file());
        haproxy = directives(ShippedConfig.of("haproxy.cfg").file());
    }

    /** Each line without its comment, split into words, the trailing ";" dropped; blank lines left out. */
    static List<List<String>> directives(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(line -> line.replaceFirst("#.*", "").strip().replaceFirst(";$", ""))
                .filter(line -> !line.isEmpty()).map(line -> Arrays.asList(line.split("\\s+"))).toList();
    }

    private static List<List<String>> all(List<List<String>> directives, String... words) {
        return directives.stream().filter(directive -> directive.size() >= words.length
                && directive.subList(0, words.length).equals(List.of(words))).toList();
    }

    /** The arguments of the one directive starting with {@code words}. */
    static List<String> one(List<List<String>> directives, String... words) {
        List<List<String>> found = all(directives, words);
        assertEquals(1, found.size(), String.join(" ", words) + ": " + found);
        return found.get(0).subList(words.length, found.get(0).size());
    }

    /** A duration as nginx ({@code defaultUnit} s) or HAProxy ({@code defaultUnit} ms) writes it. */
    static Duration duration(String text, ChronoUnit defaultUnit) {
        Matcher matcher = DURATION.matcher(text);
        assertTrue(matcher.matches(), text);
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "" : matcher.group(2)) {
            case "" -> Duration.of(amount, defaultUnit);
            case "us" -> Duration.of(amount, ChronoUnit.MICROS);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Longer than the longest long-poll a client may ask for, with room for a slow answer, and than a heartbeat. */
    private void assertOutlastsEverySilence(Duration timeout, String what) {
        Duration longestLongPoll = transports.longPoll().maxTimeout();
        assertTrue(timeout.compareTo(longestLongPoll.plusSeconds(10)) >= 0, what + " " + timeout
                + " would cut a long-poll of pushclock.long-poll.max-timeout " + longestLongPoll);
        assertTrue(timeout.compareTo(clock.heartbeat().multipliedBy(2)) >= 0, what + " " + timeout
                + " would cut a quiet stream between heartbeats of " + clock.heartbeat());
    }

    @Test
    void nginxWaitsOutTheLongestLongPollAndTheHeartbeat() {
        Duration read = duration(one(nginx, "proxy_read_timeout").get(0), ChronoUnit.SECONDS);
        assertOutlastsEverySilence(read, "proxy_read_timeout");
        assertOutlastsEverySilence(duration(one(nginx, "proxy_send_timeout").get(0), ChronoUnit.SECONDS), "proxy_send_timeout");
        Duration retryWindow = duration(one(nginx, "proxy_next_upstream_timeout").get(0), ChronoUnit.SECONDS);
        assertTrue(retryWindow.compareTo(read) < 0, "a long-poll that timed out must never be sent to the other replica");
    }

    @Test
    void nginxPassesEachTickOnUncompressed() {
        assertEquals(List.of("off"), one(nginx, "proxy_buffering"));
        assertEquals(List.of("1.1"), one(nginx, "proxy_http_version"));
        assertEquals(List.of("off"), one(nginx, "gzip"), "nginx's gzip ignores no-transform and always takes text/html");
        assertEquals(List.of(), all(nginx, "gzip_types"));
    }

    @Test
    void nginxPassesWebSocketUpgradesAndTheOriginalHost() {
        assertEquals(List.of("$websocket_upgrade"), one(nginx, "proxy_set_header", "Upgrade"));
        assertEquals(List.of("$connection_upgrade"), one(nginx, "proxy_set_header", "Connection"));
        assertEquals(List.of("$http_host"), one(nginx, "proxy_set_header", "X-Forwarded-Host"), "the origin check compares "
                + "Origin with the host the browser asked for, port included");
        assertEquals(List.of("$scheme"), one(nginx, "proxy_set_header", "X-Forwarded-Proto"), "and with its scheme");
    }

    @Test
    void haproxyForwardsTheSchemeAndHostTheBrowserUsed() {
        List<List<String>> forwarded = all(haproxy, "http-request", "set-header");
        assertTrue(forwarded.stream().anyMatch(rule -> rule.subList(2, 4).equals(List.of("X-Forwarded-Proto", "https"))
                && rule.contains("ssl_fc")), forwarded.toString());
        assertTrue(forwarded.stream().anyMatch(rule -> rule.subList(2, 4).equals(List.of("X-Forwarded-Proto", "http"))
                && rule.contains("!{")), forwarded.toString());
        assertTrue(forwarded.contains(List.of("http-request", "set-header", "X-Forwarded-Host", "%[req.hdr(host)]")),
                forwarded.toString());
    }

    @Test
    void replicasBelieveForwardedHeadersFromTheProxiesOnly() throws IOException {
        Properties replica = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of("deploy", "replica.properties"))) {
            replica.load(file);
        }
        for (String on : List.of("proxy-address-forwarding", "allow-x-forwarded", "enable-forwarded-host")) {
            assertEquals("true", replica.getProperty("quarkus.http.proxy." + on), on);
        }
        assertFalse(replica.getProperty("quarkus.http.proxy.trusted-proxies", "").isBlank(),
                "without trusted proxies Quarkus believes any client's forwarded headers");
    }

    @Test
    void nginxFailsOverToTheOtherReplica() {
        assertTrue(one(nginx, "proxy_next_upstream").containsAll(List.of("error", "timeout", "http_503")));
        List<List<String>> servers = all(nginx, "server").stream().filter(server -> server.size() > 2).toList();
        assertEquals(2, servers.size(), "two replicas: " + servers);
        for (List<String> server : servers) {
            assertTrue(server.contains("max_fails=1") && server.stream().anyMatch(word -> word.startsWith("fail_timeout=")),
                    "a failed replica is left alone for a while: " + server);
        }
        assertEquals(List.of(), all(nginx, "ip_hash"), "no stickiness: any replica answers any cursor");
        assertEquals(List.of(), all(nginx, "hash"));
    }

    @Test
    void nginxServesHttp2OverTls() {
        assertTrue(all(nginx, "listen").stream().anyMatch(listen -> listen.contains("ssl") && listen.contains("http2")),
                "browsers get HTTP/2, which has no six-connections-per-host limit");
    }

    @Test
    void haproxyWaitsOutTheLongestLongPollAndTheHeartbeat() {
        for (String side : List.of("client", "server", "tunnel")) {
            assertOutlastsEverySilence(duration(one(haproxy, "timeout", side).get(0), ChronoUnit.MILLIS), "timeout " + side);
        }
    }

    @Test
    void haproxySendsEachTickAtOnceUncompressed() {
        assertEquals(1, all(haproxy, "option", "http-no-delay").size(), "without it every tick waits ~200 ms for more data");
        assertEquals(List.of(), all(haproxy, "compression"));
        assertEquals(List.of(), all(haproxy, "option", "http-buffer-request"));
    }

    @Test
    void haproxyFailsOverToTheOtherReplicaOnItsReadiness() {
        assertEquals(List.of("1"), one(haproxy, "option", "redispatch"), "every retry goes to the other replica");
        assertTrue(Integer.parseInt(one(haproxy, "retries").get(0)) >= 1);
        List<String> retryOn = one(haproxy, "retry-on");
        assertTrue(retryOn.containsAll(List.of("conn-failure", "empty-response", "503")), retryOn.toString());
        assertFalse(retryOn.contains("response-timeout"), "a long-poll that ran out must not be sent again");
        assertEquals(List.of("GET", "/q/health/ready"), one(haproxy, "option", "httpchk"));
        List<List<String>> servers = all(haproxy, "server");
        assertEquals(2, servers.size(), servers.toString());
        for (List<String> server : servers) {
            int check = server.indexOf("check");
            assertTrue(check > 0 && server.subList(check, server.size()).containsAll(List.of("port", String.valueOf(MANAGEMENT_PORT))),
                    "readiness is served on the management port: " + server);
        }
        assertEquals(List.of("roundrobin"), one(haproxy, "balance"), "no stickiness: any replica answers any cursor");
    }

    @Test
    void testsMayChangeOnlyAddressesAndTheReadTimeout() {
        for (String file : List.of("nginx.conf", "haproxy.cfg")) {
            for (String mark : ShippedConfig.of(file).marks()) {
                assertTrue(mark.matches("listen-.*|replica-\\d+|read-timeout|websocket-upgrade"), file + " marks #[" + mark + "]");
            }
        }
    }

    /** The replicas have no timeout for a request head of their own (Vert.x 4.5): the proxies end a slow one. */
    @Test
    void aRequestHeadHasTenSecondsAtEachProxy() {
        assertTrue(duration(one(nginx, "client_header_timeout").get(0), ChronoUnit.SECONDS).compareTo(Duration.ofSeconds(10)) <= 0);
        assertTrue(duration(one(haproxy, "timeout", "http-request").get(0), ChronoUnit.MILLIS).compareTo(Duration.ofSeconds(10)) <= 0);
    }
}
