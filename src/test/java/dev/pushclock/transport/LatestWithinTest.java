package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** The forever frame's pacing: latest-wins while the subscriber is busy, let go once it stops reading. */
class LatestWithinTest {

    @Test
    void aBusySubscriberGetsTheNewestItemWhenItAsksAgain() {
        BroadcastProcessor<Integer> hot = BroadcastProcessor.create();
        AssertSubscriber<Integer> subscriber = LatestWithin.of(hot, n -> n < 0, 60_000, () -> {
        }).subscribe().withSubscriber(AssertSubscriber.create(1));
        hot.onNext(1);
        hot.onNext(2);
        hot.onNext(3);
        assertEquals(List.of(1), subscriber.getItems());
        subscriber.request(1);
        assertEquals(List.of(1, 3), subscriber.getItems(), "the newest, not a backlog");
    }

    @Test
    void aFillerNeverTakesTheWaitingItemsPlace() {
        BroadcastProcessor<Integer> hot = BroadcastProcessor.create();
        AssertSubscriber<Integer> subscriber = LatestWithin.of(hot, n -> n < 0, 60_000, () -> {
        }).subscribe().withSubscriber(AssertSubscriber.create(1));
        hot.onNext(1);
        hot.onNext(2);
        hot.onNext(-1);
        subscriber.request(1);
        hot.onNext(-2);
        subscriber.request(1);
        assertEquals(List.of(1, 2, -2), subscriber.getItems(), "the waiting 2 kept; a filler sent when nothing waits");
    }

    @Test
    void aSubscriberThatStopsAskingIsLetGoAfterTheLag() throws Exception {
        BroadcastProcessor<Integer> hot = BroadcastProcessor.create();
        AtomicInteger stalls = new AtomicInteger();
        AssertSubscriber<Integer> subscriber = LatestWithin.of(hot, n -> n < 0, 0, stalls::incrementAndGet)
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        hot.onNext(1);
        hot.onNext(2);
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() == since) {
            Thread.onSpinWait();   // let one millisecond pass, so the waiting item is older than the lag of 0
        }
        hot.onNext(3);
        assertEquals(1, stalls.get());
        subscriber.assertCompleted();
        assertTrue(subscriber.getItems().equals(List.of(1)));
    }
}
