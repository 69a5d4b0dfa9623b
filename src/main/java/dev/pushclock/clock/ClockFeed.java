package dev.pushclock.clock;

import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;

/**
 * The one clock: a scheduled method that publishes each tick, once, on one hot stream, and keeps
 * the newest tick for whoever asks. It takes its time from an {@link InstantSource}, so tests can
 * drive it, and knows nothing of HTTP.
 */
@ApplicationScoped
public class ClockFeed {

    private final TickPeriod period;
    private final ZoneId defaultZone;
    private final long heartbeatMillis;
    private final int historySize;
    private final BoundaryTimer boundaries;
    private final InstantSource time;
    private final BroadcastProcessor<ClockEvent> live = BroadcastProcessor.create();
    private volatile Tick current;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean open = true;
    /** When the feed last published anything; guarded by {@code this}. */
    private long lastActivityMillis;

    @Inject
    ClockFeed(ClockConfig config, InstantSource time, Vertx vertx) {
        this(TickPeriod.of(config.tickPeriod()), Zones.parse(config.defaultZone()).orElseThrow(() -> new IllegalArgumentException(
                "pushclock.default-zone must be an IANA region id or UTC, got " + config.defaultZone())),
                config.heartbeat(), config.historySize(), time, (delay, action) -> vertx.setTimer(delay, id -> action.run()));
    }

    ClockFeed(TickPeriod period, ZoneId defaultZone, Duration heartbeat, int historySize, InstantSource time, BoundaryTimer.Timer timer) {
        if (historySize < 1) {
            // the resume window also bounds the catch-up after a stall: with none, the clock would never tick again
            throw new IllegalArgumentException("pushclock.history-size must be at least 1, got " + historySize);
        }
        if (heartbeat.toMillis() < 1000) {
            throw new IllegalArgumentException("pushclock.heartbeat must be at least 1s, got " + heartbeat);
        }
        this.period = period;
        this.defaultZone = defaultZone;
        this.heartbeatMillis = heartbeat.toMillis();
        this.historySize = historySize;
        this.time = time;
        this.boundaries = new BoundaryTimer(period, time, timer, this::publishDue);
        this.current = period.tickAt(time.millis());
        this.lastActivityMillis = current.epochMillis();
    }

    void start(@Observes StartupEvent started) {
        Log.infof("Clock ticking every %d ms from seq %d", period.millis(), current.seq());
        // without this, the first tick would wait for the scheduler's first check, up to a second late
        boundaries.arm();
    }

    /**
     * Fires every second and publishes what the clock says is due, then makes sure a timer is set
     * for the next boundary ({@link BoundaryTimer}): the schedule is the safety net, the timer is on time.
     */
    @Scheduled(identity = "pushclock-clock", cron = "* * * * * ?",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fire() {
        publishDue();
        boundaries.arm();
    }

    /**
     * Publishes every tick the clock says is due, or a heartbeat after a quiet stretch. Idempotent:
     * the schedule, the boundary timer and tests that move the clock may all call it.
     */
    public synchronized void publishDue() {
        long nowMillis = time.millis();
        List<Tick> due = period.due(current.seq(), nowMillis, historySize);
        for (Tick tick : due) {
            current = tick;
            lastActivityMillis = tick.epochMillis();
            published.incrementAndGet();
            if (open) {
                live.onNext(tick);
            }
        }
        long second = Math.floorDiv(nowMillis, 1000) * 1000;
        if (open && due.isEmpty() && second - lastActivityMillis >= heartbeatMillis) {
            lastActivityMillis = second;
            live.onNext(new Heartbeat(nowMillis));
        }
    }

    /**
     * Ends the hot stream: every stream finishes its response, held long-polls are answered,
     * sockets close. The clock itself keeps ticking, so a poll answered while the service drains
     * still gets the current time.
     */
    public synchronized void close() {
        if (open) {
            open = false;
            Log.info("Clock closing: ending every stream");
            live.onComplete();
        }
    }

    /** False once the service has begun to shut down. */
    public boolean isOpen() {
        return open;
    }

    public TickPeriod period() {
        return period;
    }

    /** The zone of clients that do not name one. */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    /** How many past ticks a returning client can have replayed. */
    public int historySize() {
        return historySize;
    }

    /** The newest tick published: never null, there is one from start on. */
    public Tick current() {
        return current;
    }

    /** How many ticks the clock has published since it started (while draining too). */
    public long ticksPublished() {
        return published.get();
    }

    /** The time the clock goes by. */
    public InstantSource time() {
        return time;
    }

    /**
     * Every event from now on, as it is published, until the feed closes. Hot and unbuffered: a
     * subscriber must take each event as it comes (the hub does, and paces each connection itself).
     */
    public Multi<ClockEvent> events() {
        return live;
    }
}
