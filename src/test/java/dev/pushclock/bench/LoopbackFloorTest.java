package dev.pushclock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;

/**
 * The loopback floor speaks enough of the contract for the load generator to measure it as it
 * measures the servers: every client connects and gets every tick, so a floor figure in
 * bench/RESULTS.md is a real delivery and not a run where nothing arrived. Not a timing test.
 */
class LoopbackFloorTest {

    private static final int CLIENTS = 50;
    private static final int SECONDS = 2;
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static URI floor;

    @BeforeAll
    static void start() throws Exception {
        floor = URI.create("http://127.0.0.1:" + LoopbackFloor.start(0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "websocket", "sse", "ndjson", "long-poll" })
    void everyClientGetsEveryTick(String transport) throws Exception {
        LoadGenerator.Result result = LoadGenerator.run(new LoadGenerator.Options(transport, CLIENTS, floor, 0, 1, 1, SECONDS, 1, 0));
        assertEquals(CLIENTS, result.connected(), result.json().encode());
        assertEquals(0, result.failed() + result.dropped() + result.missed(), result.json().encode());
        assertTrue(result.ticks() >= (long) CLIENTS * (SECONDS - 1), "too few ticks: " + result.json().encode());
    }

    @Test
    void aLongPollsCursorIsItsAfterParameterAndAnyOtherWaitsForTheNextTick() {
        assertEquals(41, LoopbackFloor.after("/api/clock/next?timeout=60&after=41"));
        assertEquals(41, LoopbackFloor.after("/api/clock/next?after=41&timeout=60"));
        assertEquals(Long.MAX_VALUE, LoopbackFloor.after("/api/clock/next?timeout=60"));
        assertEquals(Long.MAX_VALUE, LoopbackFloor.after("/api/clock/next?notafter=41"));
        assertEquals(Long.MAX_VALUE, LoopbackFloor.after("/api/clock/next?after=x"));
    }

    @Test
    void theSocketsKeyIsAcceptedAsRfc6455Says() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", LoopbackFloor.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void aTickIsFramedAsPushclockFramesIt() {
        Tick tick = new Tick(1_764_800_000L, 1_764_800_000_000L);
        String json = LoopbackFloor.json(tick.seq());
        assertEquals(TickJson.of(tick, UTC), json);
        byte[] socket = LoopbackFloor.frame(LoopbackFloor.Kind.WEBSOCKET, 1_764_800_000L);
        assertEquals((byte) 0x81, socket[0]);
        assertEquals(socket.length - 2, socket[1], "a final text frame, unmasked, its length in one byte");
        assertEquals(TickJson.typed("tick", tick, UTC), new String(socket, 2, socket.length - 2));
        assertEquals("6b\r\n" + json + "\n\r\n", new String(LoopbackFloor.frame(LoopbackFloor.Kind.NDJSON, 1_764_800_000L)));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 106\r\n\r\n" + json,
                new String(LoopbackFloor.frame(LoopbackFloor.Kind.LONG_POLL, 1_764_800_000L)));
    }
}
