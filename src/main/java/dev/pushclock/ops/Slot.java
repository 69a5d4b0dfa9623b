package dev.pushclock.ops;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.pushclock.transport.Transport;

/** One connection a transport holds against its limit, given back exactly once, whichever way the connection ends. */
public final class Slot {

    private final Transport transport;
    private final WireStats stats;
    private final AtomicBoolean released = new AtomicBoolean();

    Slot(Transport transport, WireStats stats) {
        this.transport = transport;
        this.stats = stats;
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            stats.closed(transport);
        }
    }
}
