package dev.pushclock.transport;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.pushclock.clock.ClockEvent;
import dev.pushclock.clock.ClockFeed;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * Delivers the clock to every open connection of one transport. The transport subscribes to the
 * feed once; on each event it runs one task per event loop, which hands the event to that loop's
 * own connections. So a write never crosses threads, the loops work in parallel, and the cost per
 * connection is a write of a frame rendered once for everyone in its zone. (Measured against a
 * {@code Multi} per connection in bench/RESULTS.md.)
 *
 * <p>A member joins on its connection's event loop and is only ever called there; it may leave
 * from any thread.
 */
final class Fanout<M extends Fanout.Member> {

    /** A connection of the transport. Every method is called on the connection's event loop. */
    interface Member {

        /** A tick or heartbeat to send, or to hold for a connection that is not keeping up. */
        void deliver(ClockEvent event);

        /** The clock has ended: the service is shutting down. */
        void end();
    }

    /** One event loop's members: touched only on that loop. */
    private static final class Group<M> {
        final EventLoop loop;
        final Set<M> members = new LinkedHashSet<>();

        Group(EventLoop loop) {
            this.loop = loop;
        }
    }

    private final String transport;
    private final ConcurrentMap<EventLoop, Group<M>> groups = new ConcurrentHashMap<>();
    private volatile boolean ended;

    Fanout(String transport, ClockFeed feed, Vertx vertx) {
        this.transport = transport;
        // Every loop has its group before anyone joins: a tick published while the first member of
        // a loop joins (after it read the current tick) still reaches it.
        for (EventExecutor executor : ((VertxInternal) vertx).getEventLoopGroup()) {
            groups.put((EventLoop) executor, new Group<>((EventLoop) executor));
        }
        feed.events().subscribe().with(this::publish,
                failure -> Log.errorf(failure, "The clock feed of %s failed", transport), this::endAll);
    }

    /** How a member leaves: from any thread, any number of times. */
    interface Membership {
        void leave();
    }

    /**
     * Adds a member, on the event loop of the caller, which must be the member's own. Once the
     * clock has ended, the member is ended at once instead.
     */
    Membership add(M member) {
        if (ended) {
            member.end();
            return () -> {
            };
        }
        Group<M> group = groupOfCurrentLoop();
        group.members.add(member);
        return () -> {
            if (group.loop.inEventLoop()) {
                group.members.remove(member);
            } else {
                group.loop.execute(() -> group.members.remove(member));
            }
        };
    }

    private Group<M> groupOfCurrentLoop() {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        if (context == null || !context.nettyEventLoop().inEventLoop()) {
            throw new IllegalStateException(transport + " connections join and leave on their own event loop");
        }
        return groups.computeIfAbsent(context.nettyEventLoop(), Group::new);
    }

    private void publish(ClockEvent event) {
        for (Group<M> group : groups.values()) {
            group.loop.execute(() -> {
                // a copy: a member may leave while it is being served (a write fails, a frame fills up)
                for (Object member : group.members.toArray()) {
                    deliver(member, event);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Object member, ClockEvent event) {
        try {
            ((M) member).deliver(event);
        } catch (RuntimeException e) {
            Log.warnf(e, "Delivering to a %s connection failed", transport);
        }
    }

    private void endAll() {
        ended = true;
        for (Group<M> group : groups.values()) {
            group.loop.execute(() -> {
                for (Object member : group.members.toArray()) {
                    ((Member) member).end();
                }
                group.members.clear();
            });
        }
    }
}
