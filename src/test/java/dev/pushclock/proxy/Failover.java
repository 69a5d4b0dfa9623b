package dev.pushclock.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import dev.pushclock.transport.Transport;
import dev.pushclock.packaged.PackagedApp;
import dev.pushclock.testing.ResumingClient;
import io.vertx.core.json.JsonObject;

/**
 * Clients through proxies, spread over two replicas until the one about to go away holds at least
 * one connection of every streaming transport (round-robin spreads them, this makes sure), so that
 * failing it over is really tested for each.
 */
final class Failover {

    static final Set<Transport> STREAMS = Set.of(Transport.SSE, Transport.NDJSON, Transport.IFRAME, Transport.WEBSOCKET);
    private static final int MOST_ROUNDS = 6;
    private static final Duration SOON = Duration.ofSeconds(20);

    private Failover() {
    }

    /**
     * Opens one client per transport in {@code transports} per round through every proxy, waits
     * until each has its first tick, and adds rounds until {@code leaving} holds every stream.
     */
    static List<ResumingClient> connect(List<Proxy> proxies, List<Transport> transports, PackagedApp leaving,
            BiFunction<Proxy, Transport, ResumingClient> open) throws Exception {
        List<ResumingClient> clients = new ArrayList<>();
        for (int round = 0; round < MOST_ROUNDS; round++) {
            for (Proxy proxy : proxies) {
                for (Transport transport : transports) {
                    clients.add(open.apply(proxy, transport));
                }
            }
            for (ResumingClient client : clients) {
                client.awaitTicks(1, SOON);
            }
            if (holdsEveryStream(leaving, transports)) {
                return clients;
            }
        }
        throw new AssertionError(leaving.uri() + " never held a connection of every stream: " + stats(leaving));
    }

    private static boolean holdsEveryStream(PackagedApp replica, List<Transport> transports) throws Exception {
        JsonObject stats = stats(replica);
        return transports.stream().filter(STREAMS::contains)
                .allMatch(transport -> stats.getJsonObject(transport.id()).getLong("connections") > 0);
    }

    private static JsonObject stats(PackagedApp replica) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(replica.uri().resolve("/api/stats")).timeout(SOON).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200, response.body());
        return new JsonObject(response.body());
    }

    /** The seq of the current tick, as {@code replica} has it. */
    static long currentSeq(PackagedApp replica) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(replica.uri().resolve(Transport.POLL.path())).timeout(SOON).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body()).getLong("seq");
    }

    /** Waits for every client to reach {@code seq}; what each one that did not is doing. */
    static List<String> awaitAll(List<ResumingClient> clients, long seq, Duration atMost) throws InterruptedException {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        List<String> late = new ArrayList<>();
        for (ResumingClient client : clients) {
            try {
                client.awaitTick(seq, Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            } catch (AssertionError notThere) {
                late.add(notThere.getMessage());
            }
        }
        return late;
    }
}
