package dev.pushclock.transport;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.ops.WireStats;

/** Starts pushing connections: each with its transport's settings, what its client is owed, then the hub. */
@ApplicationScoped
class Pushing {

    private final Hub hub;
    private final ClockFeed feed;
    private final Map<Transport, Push.Settings> settings = new EnumMap<>(Transport.class);

    Pushing(Hub hub, ClockFeed feed, WireStats stats, TransportConfig config) {
        this.hub = hub;
        this.feed = feed;
        for (Transport transport : Transport.values()) {
            settings.put(transport, new Push.Settings(transport, stats, feed.period(), feed.time(),
                    config.slowConsumer().maxLag().toMillis(), config.ws().maxPendingReplies(), feed.historySize()));
        }
    }

    /** A connection of the transport for this request, started on its event loop. */
    <F> Push<F> start(Transport transport, Push.Framing<F> framing, Push.Sink<F> sink, ClockRequest request) {
        Push<F> push = new Push<>(settings.get(transport), framing, sink, request.zone(), Cursor.after(request.after()));
        push.start(hub, feed.current());
        return push;
    }

    ClockFeed feed() {
        return feed;
    }
}
