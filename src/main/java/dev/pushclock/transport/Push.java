package dev.pushclock.transport;

import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.Resume;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickPeriod;
import dev.pushclock.ops.WireStats;

/**
 * One pushing connection, the contract every streaming transport fulfils: it joins the hub, owes
 * its client what its {@link Cursor} says, writes each frame (rendered once per tick and zone by
 * the transport's {@link Framing}) through its {@link Sink} as the {@link Pacer} allows, counts
 * it, and ends when the clock does or lets go of a client that is not reading.
 */
final class Push<F> implements Hub.Member {

    /** How a transport renders what it sends. */
    interface Framing<F> {
        F tick(Tick tick, ZoneId zone);

        /** Ticks the client missed have left the resume window; the oldest that can still be replayed. */
        F gap(long firstAvailable);

        F heartbeat();
    }

    /** Where a transport writes. */
    interface Sink<F> {
        /**
         * Writes frames, as one piece where the transport can (a connection's opening replay is
         * several, and may be none), and says when they are written; returns the bytes they put
         * on the wire, framing included.
         */
        long write(List<F> frames, Pacer.Written done);

        /** The clock has ended: finish the response or close the socket properly; the bytes that puts on the wire besides what the door counts. */
        long end();

        /** The client is not reading: let go of the connection at once, without waiting on it. */
        void evict(String reason);
    }

    /** What every connection of a transport shares. */
    record Settings(Transport transport, WireStats stats, TickPeriod period, InstantSource time, long maxLagMillis,
            int maxReplies, int window) {
    }

    private final Settings settings;
    private final Framing<F> framing;
    private final Sink<F> sink;
    private final Cursor cursor;
    private final Pacer<List<F>> pacer;
    private ZoneId zone;
    private Hub.Membership membership;
    private boolean gone;

    Push(Settings settings, Framing<F> framing, Sink<F> sink, ZoneId zone, Cursor cursor) {
        this.settings = settings;
        this.framing = framing;
        this.sink = sink;
        this.zone = zone;
        this.cursor = cursor;
        this.pacer = new Pacer<>(this::toSink, settings.maxLagMillis(), settings.maxReplies(), this::stalled,
                settings.time()::millis);
    }

    /** Writes what the client is owed now, then joins the hub for what comes. On the connection's event loop. */
    void start(Hub hub, Tick current) {
        Resume owed = cursor.owed(current, settings.window());
        List<F> opening = new ArrayList<>();
        owed.firstAvailable().ifPresent(first -> opening.add(framing.gap(first)));
        for (long seq = owed.from(); seq <= owed.to(); seq++) {
            Tick tick = settings.period().tick(seq);
            cursor.take(tick);
            opening.add(framing.tick(tick, zone));
        }
        pacer.write(opening);
        if (!gone) {
            membership = hub.join(this);
        }
    }

    @Override
    public void deliver(ClockEvent event) {
        if (event instanceof Tick tick) {
            if (cursor.take(tick)) {
                pacer.offer(List.of(framing.tick(tick, zone)), false);
            }
        } else {
            pacer.offer(List.of(framing.heartbeat()), true);
        }
    }

    /** A reply the client asked for, paced with the ticks: it cannot be dropped, only refused when too many wait. */
    void reply(F frame) {
        pacer.reply(List.of(frame));
    }

    /** Later ticks in another zone. */
    void zone(ZoneId zone) {
        this.zone = zone;
    }

    /** The connection has gone: stop feeding it. On its event loop, any number of times. */
    void leave() {
        gone = true;
        if (membership != null) {
            membership.leave();
        }
    }

    @Override
    public void end() {
        settings.stats().overhead(settings.transport(), sink.end());
    }

    private void stalled() {
        settings.stats().droppedSlow(settings.transport());
        leave();
        sink.evict("not reading: " + pacer.behindMillis() / 1000 + " s behind");
    }

    private void toSink(List<F> frames, Pacer.Written done) {
        settings.stats().messages(settings.transport(), frames.size(), sink.write(frames, done));
    }
}
