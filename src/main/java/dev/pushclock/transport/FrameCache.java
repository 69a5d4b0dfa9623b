package dev.pushclock.transport;

import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import dev.pushclock.clock.Tick;

/**
 * Remembers a transport's rendering of the newest tick, per zone, so that the thousands of clients
 * in one zone share one string instead of each formatting its own. Bounded by the number of zones.
 */
final class FrameCache {

    private record Frame(long seq, String text) {
    }

    private final BiFunction<Tick, ZoneId, String> render;
    private final ConcurrentHashMap<ZoneId, Frame> newest = new ConcurrentHashMap<>();

    FrameCache(BiFunction<Tick, ZoneId, String> render) {
        this.render = render;
    }

    String of(Tick tick, ZoneId zone) {
        Frame cached = newest.get(zone);
        if (cached != null && cached.seq() == tick.seq()) {
            return cached.text();
        }
        String text = render.apply(tick, zone);
        if (cached == null || cached.seq() < tick.seq()) {
            newest.put(zone, new Frame(tick.seq(), text));
        }
        return text;
    }
}
