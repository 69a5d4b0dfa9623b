package dev.pushclock.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one subscriber of the clock feed, and the one way every pushing connection gets the clock:
 * event streams, NDJSON, forever frames, sockets and held long-polls alike. Connections are
 * grouped by the event loop they live on; each event is handed to each loop once, as one task
 * that serves that loop's connections, so a write never crosses threads, the loops work in
 * parallel, and a connection's cost per tick is one write of a frame rendered once per zone.
 * (Measured against a subscription per connection in bench/TUNING.md.)
 *
 * <p>A member joins on its connection's event loop and is only ever called there; it may leave
 * from any thread.
 */
@ApplicationScoped
public class Hub {

    /** A connection the hub feeds. Every method is called on the connection's event loop. */
    public interface Member {

        /** The newest tick when it joins, then every tick and heartbeat as the clock publishes them. */
        void deliver(ClockEvent event);

        /** The clock has ended: the service is shutting down. */
        void end();
    }

    /** How a member leaves: from any thread, any number of times. */
    public interface Membership {
        void leave();
    }

    private final ClockFeed feed;
    private final List<LoopGroup> groups = new CopyOnWriteArrayList<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean ended;

    Hub(ClockFeed feed) {
        this.feed = feed;
    }

    void subscribe(@Observes StartupEvent started) {
        feed.events().subscribe().with(this::publish,
                failure -> Log.errorf(failure, "The clock feed failed"), this::endAll);
    }

    /**
     * Adds a member on the caller's event loop, which must be its connection's, and hands it the
     * newest tick. The group is in place before that tick is read, so a tick published meanwhile
     * reaches the member either way (perhaps twice: members pass each tick on once). Once the
     * clock has ended, the member is ended at once instead.
     */
    public Membership join(Member member) {
        if (ended) {
            member.end();
            return () -> {
            };
        }
        LoopGroup group = groupOfCurrentLoop();
        group.add(member);
        if (ended) {
            // the clock ended while this loop's group was being made: its ending may have missed it
            group.remove(member);
            member.end();
            return () -> {
            };
        }
        member.deliver(feed.current());
        return () -> group.leave(member);
    }

    /** How many connections the hub feeds now, on every loop: what a leak would make grow. */
    public int size() {
        return size.get();
    }

    private LoopGroup groupOfCurrentLoop() {
        Context current = Vertx.currentContext();
        if (current == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("connections join the hub on their own event loop");
        }
        Context loop = VertxContext.getRootContext(current);
        synchronized (groups) {
            for (LoopGroup group : groups) {
                if (group.isOn(loop)) {
                    return group;
                }
            }
            LoopGroup group = new LoopGroup(loop, size);
            groups.add(group);
            return group;
        }
    }

    private void publish(ClockEvent event) {
        for (LoopGroup group : groups) {
            group.publish(event);
        }
    }

    private void endAll() {
        ended = true;
        for (LoopGroup group : groups) {
            group.endAll();
        }
    }
}
