package dev.pushclock.ops;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import dev.pushclock.transport.Transport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What each transport costs on the wire: open connections, messages and bytes sent (HTTP headers
 * and framing included), counted where the bytes are written. Read by {@code /api/stats}, the demo
 * page and Micrometer ({@code pushclock_*} on {@code /q/metrics}).
 */
@ApplicationScoped
public class WireStats {

    /** One transport's counters. */
    public static final class Counters {
        private final AtomicLong open = new AtomicLong();
        private final LongAdder messages = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final LongAdder refused = new LongAdder();
        private final LongAdder droppedSlow = new LongAdder();

        public long open() {
            return open.get();
        }

        public long messages() {
            return messages.sum();
        }

        public long bytes() {
            return bytes.sum();
        }

        public long refused() {
            return refused.sum();
        }

        public long droppedSlow() {
            return droppedSlow.sum();
        }
    }

    private final Map<Transport, Counters> byTransport = new EnumMap<>(Transport.class);
    private volatile boolean draining;

    public WireStats() {
        for (Transport transport : Transport.values()) {
            byTransport.put(transport, new Counters());
        }
    }

    /** Counts a connection as open if the transport has fewer than {@code max}; else counts a refusal. */
    public boolean tryOpen(Transport transport, long max) {
        Counters counters = byTransport.get(transport);
        for (long open = counters.open.get(); open < max; open = counters.open.get()) {
            if (counters.open.compareAndSet(open, open + 1)) {
                return true;
            }
        }
        counters.refused.increment();
        return false;
    }

    /** A connection dropped because its client stopped reading. */
    public void droppedSlow(Transport transport) {
        byTransport.get(transport).droppedSlow.increment();
    }

    public void closed(Transport transport) {
        byTransport.get(transport).open.decrementAndGet();
        if (draining) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Open connections of every transport together. */
    public long openConnections() {
        long open = 0;
        for (Counters counters : byTransport.values()) {
            open += counters.open();
        }
        return open;
    }

    /** Waits until no transport holds a connection, at most {@code atMostMillis}; whether none does. */
    public synchronized boolean awaitNoneOpen(long atMostMillis) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + atMostMillis * 1_000_000;
        for (long left = atMostMillis; openConnections() > 0 && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
        return openConnections() == 0;
    }

    /** A message of {@code bytes} on the wire, framing included. */
    public void message(Transport transport, long bytes) {
        Counters counters = byTransport.get(transport);
        counters.messages.increment();
        counters.bytes.add(bytes);
    }

    /** {@code count} messages written together, {@code bytes} on the wire with their framing. */
    public void messages(Transport transport, int count, long bytes) {
        Counters counters = byTransport.get(transport);
        counters.messages.add(count);
        counters.bytes.add(bytes);
    }

    /** Bytes that are not a message of their own: headers, handshakes, the end of a chunked body. */
    public void overhead(Transport transport, long bytes) {
        byTransport.get(transport).bytes.add(bytes);
    }

    /** One transport's counters, as they are now. */
    public Counters of(Transport transport) {
        return byTransport.get(transport);
    }

    /** A transport's figures at one moment, as {@code /api/stats} shows them. */
    @RegisterForReflection
    public record Figures(long connections, long messages, long bytes) {
    }

    /** Every transport's figures, by id, in the order of {@link Transport}. */
    public Map<String, Figures> snapshot() {
        Map<String, Figures> all = new LinkedHashMap<>();
        byTransport.forEach((transport, counters) -> all.put(transport.id(),
                new Figures(counters.open(), counters.messages(), counters.bytes())));
        return all;
    }
}
