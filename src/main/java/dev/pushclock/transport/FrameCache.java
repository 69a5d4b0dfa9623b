package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import dev.pushclock.clock.Tick;

/**
 * Remembers a transport's rendering of the newest tick, per zone, so that the thousands of clients
 * in one zone share one frame instead of each formatting its own. Bounded by the number of zones.
 */
final class FrameCache<F> {

    private record Rendered<F>(long seq, F frame) {
    }

    private final BiFunction<Tick, ZoneId, F> render;
    private final ConcurrentHashMap<ZoneId, Rendered<F>> newest = new ConcurrentHashMap<>();

    FrameCache(BiFunction<Tick, ZoneId, F> render) {
        this.render = render;
    }

    F of(Tick tick, ZoneId zone) {
        Rendered<F> cached = newest.get(zone);
        if (cached != null && cached.seq() == tick.seq()) {
            return cached.frame();
        }
        F frame = render.apply(tick, zone);
        if (cached == null || cached.seq() < tick.seq()) {
            newest.put(zone, new Rendered<>(tick.seq(), frame));
        }
        return frame;
    }
}
