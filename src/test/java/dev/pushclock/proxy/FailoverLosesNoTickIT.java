package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pushclock.transport.Transport;
import dev.pushclock.packaged.PackagedApp;
import dev.pushclock.testing.ResumingClient;
import dev.pushclock.testing.TestVertx;
import io.vertx.core.Vertx;

/**
 * Failover with nothing lost. Two replicas behind nginx's round-robin (deploy/nginx.conf), clients
 * of every streaming transport that reconnect at once with their cursor ({@code Last-Event-ID},
 * {@code after=SEQ}); one replica is stopped (SIGTERM, as in a rollout) or killed (SIGKILL, as when
 * its node dies). Every client of every stream then has every tick from before the failover to
 * well after it exactly once, in order, and no gap marker: any replica rebuilds any tick of the
 * window. Long-poll cursors taken from one replica are answered by the other with a newer tick.
 */
class FailoverLosesNoTickIT {

    private static final List<Transport> RESUMING = List.of(Transport.SSE, Transport.NDJSON, Transport.IFRAME,
            Transport.WEBSOCKET, Transport.LONG_POLL);
    private static final int TICKS_AFTER = 5;
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    static final Vertx vertx = TestVertx.get();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "SIGTERM", "SIGKILL" })
    void everyClientGetsEveryTickOnceInOrderAcrossTheFailover(String signal) throws Exception {
        Nginx.assumeInstalled();
        List<ResumingClient> clients = new ArrayList<>();
        // the clients are told to stop first, the proxy and the replicas after them: a client still
        // reconnecting as they go would have its connection reset, which is nothing this test asks about
        try (Replicas replicas = Replicas.start(Map.of()); Nginx nginx = Nginx.start(replicas.upstreams());
                AutoCloseable stop = () -> clients.forEach(ResumingClient::close)) {
            clients.addAll(Failover.connect(List.of(nginx), RESUMING, replicas.a(),
                    (proxy, transport) -> ResumingClient.resuming(vertx, proxy.uri(), transport)));
            PackagedApp leaving = replicas.a();
            long before = Failover.currentSeq(leaving);
            // every client has its first tick, so from the next one on each must have every tick
            long from = before + 1;
            Failover.awaitAll(clients, from, BACK_WITHIN);

            if (signal.equals("SIGTERM")) {
                leaving.terminate();
            } else {
                leaving.kill();
            }
            leaving.awaitExit(Duration.ofSeconds(20));
            long to = Failover.currentSeq(replicas.b()) + TICKS_AFTER;
            List<String> late = Failover.awaitAll(clients, to, BACK_WITHIN);

            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertEquals(List.of(), late, "every client kept up after the failover"));
            for (ResumingClient client : clients) {
                if (Failover.STREAMS.contains(client.transport())) {
                    checks.add(() -> client.assertEveryTickOnceInOrder(from, to));
                } else {
                    checks.add(() -> assertEquals(List.of(), client.failures().stream()
                            .filter(failure -> failure.contains("older tick")).toList(), client.toString()));
                }
            }
            for (Transport stream : Failover.STREAMS) {
                checks.add(() -> assertTrue(clients.stream().anyMatch(client -> client.transport() == stream
                        && client.connections() > 1), stream.id() + " clients of the replica that left reconnected"));
            }
            assertAll(signal + " through " + nginx, checks);
        }
    }
}
