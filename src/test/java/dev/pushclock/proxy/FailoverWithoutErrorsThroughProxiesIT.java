package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.pushclock.transport.Transport;
import dev.pushclock.testing.ResumingClient;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;

/**
 * A replica going away behind the proxies, as in a rollout: SIGTERM one of two while clients of
 * every transport are connected through nginx and HAProxy (their shipped files), and every client
 * is back on the other replica within seconds, while not one 5xx reaches any client, counted at
 * the clients and in both proxies' logs.
 */
class FailoverWithoutErrorsThroughProxiesIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    static final Vertx vertx = TestVertx.get();

    @Test
    void sigtermOneReplicaAndNoClientSeesA5xx() throws Exception {
        List<ResumingClient> clients = new ArrayList<>();
        // the clients are told to stop first, the proxies and the replicas after them (see FailoverLosesNoTickIT)
        try (Replicas replicas = Replicas.start(Map.of()); Proxies proxies = new Proxies(replicas.upstreams());
                AutoCloseable stop = () -> clients.forEach(ResumingClient::close)) {
            List<Proxy> both = new ArrayList<>();
            for (String name : Proxies.NAMES) {
                both.add(proxies.get(name));
            }
            clients.addAll(Failover.connect(both, Arrays.asList(Transport.values()), replicas.a(),
                    (proxy, transport) -> ResumingClient.reconnecting(vertx, proxy.uri(), transport)));
            long killedAt = Failover.currentSeq(replicas.a());

            replicas.a().terminate();
            replicas.a().awaitExit(Duration.ofSeconds(20));
            List<String> late = Failover.awaitAll(clients, killedAt + 3, BACK_WITHIN);

            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertEquals(List.of(), late, "every client is back, on the other replica"));
            for (ResumingClient client : clients) {
                checks.add(() -> assertEquals(0, client.serverErrors(), client.toString()));
            }
            for (Proxy proxy : both) {
                List<Integer> statuses = proxy.loggedStatuses();
                checks.add(() -> assertEquals(List.of(), statuses.stream().filter(status -> status >= 500).toList(),
                        proxy + " answered 5xx (all it logged: " + counted(statuses) + ")"));
            }
            for (Transport stream : Failover.STREAMS) {
                checks.add(() -> assertTrue(clients.stream().anyMatch(client -> client.transport() == stream
                        && client.connections() > 1), stream.id() + " clients of the replica that left reconnected"));
            }
            assertAll(checks);
        }
    }

    private static Map<Integer, Long> counted(List<Integer> statuses) {
        return statuses.stream().collect(Collectors.groupingBy(status -> status, Collectors.counting()));
    }
}
