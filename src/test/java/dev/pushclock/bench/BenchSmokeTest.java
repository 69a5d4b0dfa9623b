package dev.pushclock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The benchmark's load generator, run small against the test instance: it connects every client,
 * counts their ticks, and none is missed. Not a timing test; bench/run.sh measures speed.
 */
@QuarkusTest
class BenchSmokeTest {

    private static final int CLIENTS = 200;
    private static final int SECONDS = 3;

    @TestHTTPResource("/")
    URI server;

    @ParameterizedTest
    @ValueSource(strings = { "websocket", "sse", "ndjson", "iframe", "long-poll" })
    void everyClientGetsEveryTick(String transport) throws Exception {
        LoadGenerator.Result result = LoadGenerator.run(new LoadGenerator.Options(transport, CLIENTS,
                URI.create("http://" + server.getHost() + ":" + server.getPort()), 0, 1, 1, SECONDS, 1, 0));
        assertEquals(CLIENTS, result.connected(), result.json().encode());
        assertEquals(0, result.failed(), result.json().encode());
        assertEquals(0, result.dropped(), result.json().encode());
        assertEquals(0, result.missed(), "missed ticks: " + result.json().encode());
        assertTrue(result.ticks() >= (long) CLIENTS * (SECONDS - 1), "too few ticks: " + result.json().encode());
    }
}
