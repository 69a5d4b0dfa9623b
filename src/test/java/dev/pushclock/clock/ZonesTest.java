package dev.pushclock.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only IANA region ids and UTC, spelled exactly, are zones a client may ask for. */
class ZonesTest {

    @ParameterizedTest
    @ValueSource(strings = { "UTC", "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Europe/Paris", "Etc/GMT+5" })
    void regionIdsAreAccepted(String id) {
        assertEquals(Optional.of(ZoneId.of(id)), Zones.parse(id));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "utc", "asia/shanghai", "+08:00", "UTC+8", "GMT+08:00", "Mars/Olympus",
            "Europe/Paris ", "../../etc/passwd", "<script>", "Europe/Paris\r\nX: y" })
    void anythingElseIsRefused(String id) {
        assertTrue(Zones.parse(id).isEmpty(), id);
    }
}
