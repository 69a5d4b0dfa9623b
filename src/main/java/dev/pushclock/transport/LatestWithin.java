package dev.pushclock.transport;

import java.util.function.Predicate;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Passes a hot stream on at the pace its subscriber asks: while the subscriber has not asked for
 * more, only the newest item waits, except that a filler (a heartbeat) never takes another's
 * place; once one has waited longer than the allowed lag, the subscriber is not reading at all,
 * and the stream completes early after calling {@code onStall}. The same rules as {@link Pacer}'s,
 * for a stream that Quarkus REST writes.
 */
final class LatestWithin<T> {

    private final MultiEmitter<? super T> emitter;
    private final Predicate<? super T> filler;
    private final long maxLagMillis;
    private final Runnable onStall;
    private T waiting;
    private long waitingSince;

    private LatestWithin(MultiEmitter<? super T> emitter, Predicate<? super T> filler, long maxLagMillis, Runnable onStall) {
        this.emitter = emitter;
        this.filler = filler;
        this.maxLagMillis = maxLagMillis;
        this.onStall = onStall;
    }

    static <T> Multi<T> of(Multi<T> source, Predicate<? super T> filler, long maxLagMillis, Runnable onStall) {
        return Multi.createFrom().emitter(emitter -> {
            LatestWithin<T> gate = new LatestWithin<>(emitter, filler, maxLagMillis, onStall);
            Cancellable upstream = source.subscribe().with(gate::offer, emitter::fail, gate::complete);
            emitter.onRequest(more -> gate.drain()).onTermination(upstream::cancel);
        }, BackPressureStrategy.ERROR);
    }

    private synchronized void offer(T item) {
        if (waiting == null) {
            waitingSince = System.currentTimeMillis();
            waiting = item;
        } else if (!filler.test(item)) {
            waiting = item;
        }
        drain();
        if (waiting != null && System.currentTimeMillis() - waitingSince > maxLagMillis) {
            waiting = null;
            onStall.run();
            emitter.complete();
        }
    }

    private synchronized void drain() {
        if (waiting != null && emitter.requested() > 0) {
            T next = waiting;
            waiting = null;
            emitter.emit(next);
        }
    }

    private synchronized void complete() {
        drain();
        emitter.complete();
    }
}
