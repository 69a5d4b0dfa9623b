package dev.pushclock.transport;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pushclock.clock.ClockEvent;
import io.quarkus.logging.Log;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The hub's members that live on one event loop. Its set is touched only on that loop, so serving
 * a tick to all of them takes no lock and no write crosses threads; only {@link #leave} may be
 * called from elsewhere, and it hops to the loop.
 */
final class LoopGroup {

    private final Context loop;
    private final Set<Hub.Member> members = new LinkedHashSet<>();
    /** Members of every group, counted together for the hub. */
    private final AtomicInteger size;

    LoopGroup(Context loop, AtomicInteger size) {
        this.loop = loop;
        this.size = size;
    }

    boolean isOn(Context rootContext) {
        return loop == rootContext;
    }

    /** On the loop. */
    void add(Hub.Member member) {
        if (members.add(member)) {
            size.incrementAndGet();
        }
    }

    /** On the loop. */
    void remove(Hub.Member member) {
        if (members.remove(member)) {
            size.decrementAndGet();
        }
    }

    /** From any thread: removes the member at once when called on the loop, else soon after, on it. */
    void leave(Hub.Member member) {
        Context current = Vertx.currentContext();
        if (current != null && Context.isOnEventLoopThread() && VertxContext.getRootContext(current) == loop) {
            remove(member);
        } else {
            loop.runOnContext(v -> remove(member));
        }
    }

    /** From any thread: serves the event to every member, on the loop. */
    void publish(ClockEvent event) {
        loop.runOnContext(v -> deliver(event));
    }

    /** From any thread: ends every member, on the loop. */
    void endAll() {
        loop.runOnContext(v -> {
            for (Hub.Member member : members.toArray(Hub.Member[]::new)) {
                remove(member);
                member.end();
            }
        });
    }

    private void deliver(ClockEvent event) {
        // a copy: a member may leave while it is being served (a write fails, a frame fills up)
        for (Hub.Member member : members.toArray(Hub.Member[]::new)) {
            try {
                member.deliver(event);
            } catch (RuntimeException e) {
                Log.warnf(e, "Delivering the clock to a connection failed");
            }
        }
    }
}
