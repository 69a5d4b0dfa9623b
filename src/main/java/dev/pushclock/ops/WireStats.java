package dev.pushclock.ops;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
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

    public WireStats() {
        for (Transport transport : Transport.values()) {
            byTransport.put(transport, new Counters());
        }
    }

    void bind(@Observes StartupEvent started, MeterRegistry registry) {
        byTransport.forEach((transport, counters) -> {
            Gauge.builder("pushclock.connections", counters, Counters::open)
                    .description("Open connections (in-flight requests for polling)")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.messages.sent", counters, Counters::messages)
                    .description("Messages sent: ticks, heartbeats and replies")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.bytes.sent", counters, Counters::bytes)
                    .description("Bytes sent, HTTP headers and framing included")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.connections.refused", counters, Counters::refused)
                    .description("Connections refused because the transport was at its limit")
                    .tag("transport", transport.id()).register(registry);
            FunctionCounter.builder("pushclock.connections.dropped.slow", counters, Counters::droppedSlow)
                    .description("Connections dropped because the client stopped reading")
                    .tag("transport", transport.id()).register(registry);
        });
    }

    public void opened(Transport transport) {
        byTransport.get(transport).open.incrementAndGet();
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
    }

    /** A message of {@code bytes} on the wire, framing included. */
    public void message(Transport transport, long bytes) {
        Counters counters = byTransport.get(transport);
        counters.messages.increment();
        counters.bytes.add(bytes);
    }

    /** A message written as one HTTP chunk of {@code payloadBytes}: its size line and CRLFs included. */
    public void chunk(Transport transport, long payloadBytes) {
        message(transport, Wire.chunkBytes(payloadBytes));
    }

    /** Bytes that are not a message of their own: headers, handshakes, the end of a chunked body. */
    public void overhead(Transport transport, long bytes) {
        byTransport.get(transport).bytes.add(bytes);
    }

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
