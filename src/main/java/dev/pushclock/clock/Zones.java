package dev.pushclock.clock;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/** Which zone names a client may ask for: IANA region ids and {@code UTC}, spelled exactly. */
public final class Zones {

    private static final Set<String> REGION_IDS = ZoneId.getAvailableZoneIds();

    private Zones() {
    }

    public static Optional<ZoneId> parse(String id) {
        if (id == null || !REGION_IDS.contains(id)) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(id));
    }
}
