package dev.pushclock.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The wire form of a tick, exactly as the contract spells it. */
class TickJsonTest {

    private static final Tick TICK = new Tick(1_795_459_207L, 1_795_459_207_000L);

    @Test
    void utcUsesZAndTheContractsFieldOrder() {
        assertEquals("{\"seq\":1795459207,\"epochMillis\":1795459207000,\"iso\":\"2026-11-23T18:40:07Z\","
                + "\"time\":\"18:40:07\",\"zone\":\"UTC\"}", TickJson.of(TICK, ZoneId.of("UTC")));
    }

    @Test
    void aRegionRendersItsOwnOffsetAndLocalTime() {
        assertEquals("{\"seq\":1795459207,\"epochMillis\":1795459207000,\"iso\":\"2026-11-24T02:40:07+08:00\","
                + "\"time\":\"02:40:07\",\"zone\":\"Asia/Shanghai\"}", TickJson.of(TICK, ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void theWebSocketFormPutsTheTypeFirst() {
        assertEquals("{\"type\":\"tick\",\"seq\":1795459207,\"epochMillis\":1795459207000,"
                + "\"iso\":\"2026-11-23T13:40:07-05:00\",\"time\":\"13:40:07\",\"zone\":\"America/New_York\"}",
                TickJson.typed("tick", TICK, ZoneId.of("America/New_York")));
    }

    @Test
    void theTimeOfDayIsThePlainTextForm() {
        assertEquals("18:40:07", TickJson.timeOfDay(TICK, ZoneId.of("UTC")));
    }

    @Test
    void aTickIsThePureFunctionOfItsSeq() {
        TickPeriod period = new TickPeriod(1000);
        assertEquals(TickJson.of(TICK, ZoneId.of("UTC")), TickJson.of(period.tick(TICK.seq()), ZoneId.of("UTC")));
    }
}
