package dev.pushclock.clock;

import java.time.ZoneId;
import java.util.List;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;

/**
 * The one clock: a scheduled method that publishes each tick, once, on one hot stream that every
 * transport subscribes to. It knows nothing of HTTP.
 */
@ApplicationScoped
public class ClockFeed {

    /** Runs an action once, after a delay: a Vert.x timer in the service, nothing in unit tests. */
    @FunctionalInterface
    interface Timer {
        void after(long delayMillis, Runnable action);
    }

    private final TickPeriod period;
    private final ZoneId defaultZone;
    private final long heartbeatMillis;
    private final int maxCatchUp;
    private final Timer timer;
    private final LongSupplier wallClock;
    private final BroadcastProcessor<ClockEvent> live = BroadcastProcessor.create();
    private volatile Tick current;
    private volatile boolean closed;
    /** When the feed last published anything; guarded by {@link #advanceTo}. */
    private long lastActivityMillis;
    /** The boundary the pending timer is set for; guarded by {@code this}. */
    private long armedBoundary = Long.MIN_VALUE;

    @Inject
    ClockFeed(ClockConfig config, Vertx vertx) {
        this(TickPeriod.of(config.tickPeriod()), defaultZone(config.defaultZone()), config.heartbeat().toMillis(),
                config.historySize(), System::currentTimeMillis,
                (delay, action) -> vertx.setTimer(delay, id -> action.run()));
    }

    ClockFeed(TickPeriod period, ZoneId defaultZone, long heartbeatMillis, int maxCatchUp, LongSupplier wallClock,
            Timer timer) {
        if (maxCatchUp < 1) {
            // the feed catches up at most this many ticks after a stall: with none, it would never tick again
            throw new IllegalArgumentException("pushclock.history-size must be at least 1, got " + maxCatchUp);
        }
        this.period = period;
        this.defaultZone = defaultZone;
        this.heartbeatMillis = heartbeatMillis;
        this.maxCatchUp = maxCatchUp;
        this.timer = timer;
        this.wallClock = wallClock;
        this.current = period.tickAt(wallClock.getAsLong());
        this.lastActivityMillis = current.epochMillis();
    }

    private static ZoneId defaultZone(String id) {
        return Zones.parse(id).orElseThrow(() -> new IllegalArgumentException(
                "pushclock.default-zone must be an IANA region id or UTC, got " + id));
    }

    void start(@Observes StartupEvent started) {
        Log.infof("Clock ticking every %d ms from seq %d", period.millis(), current.seq());
        // without this, the first tick would wait for the scheduler's first check, up to a second late
        armBoundaryTimer(wallClock.getAsLong());
    }

    /**
     * Fires every second and publishes what the wall clock says is due. The scheduler checks its
     * triggers on a fixed-rate timer whose phase is only roughly aligned to the wall-clock second
     * (sometimes a hair before it, which would make every tick a whole second late), so the firing
     * also sets one timer for the next boundary; that timer sets the one after, and the schedule
     * stays the safety net that publishes whatever a lost or late timer missed.
     */
    @Scheduled(identity = "pushclock-clock", cron = "* * * * * ?",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fire() {
        long now = wallClock.getAsLong();
        advanceTo(now);
        armBoundaryTimer(now);
    }

    private void onBoundary(long boundary) {
        long now = wallClock.getAsLong();
        synchronized (this) {
            if (armedBoundary == boundary) {
                armedBoundary = Long.MIN_VALUE;
            }
        }
        advanceTo(now);
        armBoundaryTimer(now);
    }

    /** Sets the timer for the next boundary, unless it is set already. */
    synchronized void armBoundaryTimer(long nowMillis) {
        long untilNext = period.millisUntilNext(nowMillis);
        long boundary = nowMillis + untilNext;
        if (boundary != armedBoundary) {
            armedBoundary = boundary;
            timer.after(untilNext, () -> onBoundary(boundary));
        }
    }

    synchronized void advanceTo(long nowMillis) {
        if (closed) {
            return;
        }
        List<Tick> due = period.due(current.seq(), nowMillis, maxCatchUp);
        for (Tick tick : due) {
            current = tick;
            lastActivityMillis = tick.epochMillis();
            live.onNext(tick);
        }
        long second = Math.floorDiv(nowMillis, 1000) * 1000;
        if (due.isEmpty() && second - lastActivityMillis >= heartbeatMillis) {
            lastActivityMillis = second;
            live.onNext(new Heartbeat(nowMillis));
        }
    }

    /**
     * Ends every subscription: streams finish their responses properly, held long-polls are
     * answered, sockets close. Called as the shutdown delay begins, while the HTTP server still
     * writes, because Quarkus would otherwise wait for these never-ending streams, then cut them.
     */
    void close(@Observes ShutdownDelayInitiatedEvent shutdown) {
        close();
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            Log.info("Clock closing: ending every stream");
            live.onComplete();
        }
    }

    /** False once the service has begun to shut down. */
    public boolean isOpen() {
        return !closed;
    }

    public TickPeriod period() {
        return period;
    }

    /** The zone of clients that do not name one. */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    /** The newest tick published: never null, there is one from start on. */
    public Tick current() {
        return current;
    }

    /**
     * The current tick, then every later event, until the feed closes. Nothing can slip between the two: the live stream
     * is joined before the current tick is read, and a tick seen twice is passed on once. A
     * subscriber that does not keep up keeps only the newest event it has not taken yet, so it
     * never holds the others back nor builds a backlog.
     */
    public Multi<ClockEvent> events() {
        return Multi.createFrom().emitter(emitter -> {
            InOrder gate = new InOrder(emitter);
            Cancellable upstream = live.subscribe().with(gate::offer, emitter::fail, emitter::complete);
            emitter.onTermination(upstream::cancel);
            gate.offer(current);
        }, BackPressureStrategy.LATEST);
    }

    /** {@link #events()} without the heartbeats. */
    public Multi<Tick> ticks() {
        return events().filter(Tick.class::isInstance).map(Tick.class::cast);
    }

    /** Passes each tick on once and in order, whichever of the two paths brings it first. */
    private static final class InOrder {
        private final MultiEmitter<? super ClockEvent> emitter;
        private long lastSeq = Long.MIN_VALUE;

        InOrder(MultiEmitter<? super ClockEvent> emitter) {
            this.emitter = emitter;
        }

        synchronized void offer(ClockEvent event) {
            if (event instanceof Tick tick) {
                if (tick.seq() <= lastSeq) {
                    return;
                }
                lastSeq = tick.seq();
            }
            emitter.emit(event);
        }
    }
}
