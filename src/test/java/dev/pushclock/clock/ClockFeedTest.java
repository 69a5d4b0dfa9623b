package dev.pushclock.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The feed driven by a fake wall clock: what it publishes when the scheduler fires on time, late,
 * twice or not at all, and how its hot stream treats fast and slow subscribers.
 */
class ClockFeedTest {

    private static final long START = 1_795_459_207_000L;

    private static ClockFeed feed(long periodMillis, long heartbeatMillis) {
        return new ClockFeed(new TickPeriod(periodMillis), ZoneOffset.UTC, heartbeatMillis, 300, () -> START,
                (delay, action) -> {
                });
    }

    @Test
    void theFeedHasACurrentTickBeforeItFiresAtAll() {
        assertEquals(new Tick(1_795_459_207L, START), feed(1000, 15_000).current());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 2, 3, 42, 2026 })
    void firingsThatComeLateEarlyOrTwiceNeverSkipNorRepeatASeq(long seed) {
        Random random = new Random(seed);
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<Tick> subscriber = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        long now = START;
        for (int firing = 0; firing < 500; firing++) {
            // mostly on time, sometimes late by up to three periods, sometimes the same second again
            now += switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> 1000 + random.nextInt(3000);
                default -> 1000;
            } + random.nextInt(40) - 20;
            feed.advanceTo(now);
        }
        List<Long> seqs = subscriber.getItems().stream().map(Tick::seq).toList();
        long first = seqs.get(0);
        assertEquals(LongStream.rangeClosed(first, first + seqs.size() - 1).boxed().toList(), seqs);
        assertEquals(feed.period().seqAt(now), seqs.get(seqs.size() - 1));
        assertEquals(feed.current().seq(), seqs.get(seqs.size() - 1));
    }

    @Test
    void aSlowSubscriberGetsTheNewestTickNotABacklogAndHoldsNoOneBack() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<Tick> fast = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<Tick> slow = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(1));
        for (int second = 1; second <= 5; second++) {
            feed.advanceTo(START + second * 1000L + 5);
        }
        assertEquals(6, fast.getItems().size(), "the fast one got the current tick and all five: " + fast.getItems());
        assertEquals(List.of(1_795_459_207L), slow.getItems().stream().map(Tick::seq).toList());
        slow.request(10);
        assertEquals(List.of(1_795_459_207L, 1_795_459_212L), slow.getItems().stream().map(Tick::seq).toList());
        feed.advanceTo(START + 6005);
        assertEquals(1_795_459_213L, slow.getItems().get(2).seq());
    }

    @Test
    void aSubscriberGetsTheCurrentTickFirstThenEachNewOne() {
        ClockFeed feed = feed(1000, 15_000);
        feed.advanceTo(START + 1_010);
        AssertSubscriber<Tick> subscriber = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(10));
        feed.advanceTo(START + 2_010);
        assertEquals(List.of(1_795_459_208L, 1_795_459_209L), subscriber.getItems().stream().map(Tick::seq).toList());
    }

    @Test
    void cancellingASubscriptionStopsItsDelivery() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<Tick> subscriber = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(10));
        subscriber.cancel();
        feed.advanceTo(START + 1_010);
        assertEquals(1, subscriber.getItems().size());
    }

    @Test
    void aLongPeriodGetsAHeartbeatAfterFifteenQuietSecondsAndNoneWhileTicksFlow() {
        ClockFeed feed = feed(60_000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = feed.events().subscribe().withSubscriber(AssertSubscriber.create(100));
        List<String> seen = new ArrayList<>();
        // START is 7 s into a minute: the current tick stands for START - 7 s
        for (long second = 1; second <= 70; second++) {
            feed.advanceTo(START + second * 1000 + 3);
        }
        for (ClockEvent event : subscriber.getItems()) {
            seen.add(event instanceof Tick tick ? "tick@" + (tick.epochMillis() - START) / 1000
                    : "beat@" + (((Heartbeat) event).epochMillis() - START) / 1000);
        }
        assertEquals(List.of("tick@-7", "beat@8", "beat@23", "beat@38", "tick@53", "beat@68"), seen);
    }

    @Test
    void aShortPeriodNeverNeedsAHeartbeat() {
        ClockFeed feed = feed(15_000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = feed.events().subscribe().withSubscriber(AssertSubscriber.create(100));
        for (long second = 1; second <= 120; second++) {
            feed.advanceTo(START + second * 1000 + 3);
        }
        subscriber.getItems().forEach(event -> assertInstanceOf(Tick.class, event));
        assertTrue(subscriber.getItems().size() >= 8, "ticks: " + subscriber.getItems());
    }

    /** A wall clock the test sets, and the timers the feed asked for, run by hand. */
    private static final class FakeTime implements ClockFeed.Timer {
        long now = START;
        final List<Long> delays = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public void after(long delayMillis, Runnable action) {
            delays.add(delayMillis);
            pending.add(action);
        }

        void runTimerAt(long epochMillis) {
            now = epochMillis;
            pending.remove(0).run();
        }
    }

    @Test
    void eachTickIsPublishedByATimerSetForItsBoundaryNotByTheRoughlyAlignedSchedule() {
        FakeTime time = new FakeTime();
        ClockFeed feed = new ClockFeed(new TickPeriod(1000), ZoneOffset.UTC, 15_000, 300, () -> time.now, time);
        AssertSubscriber<Tick> subscriber = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(100));

        time.now = START + 999;  // the schedule fires a hair before the boundary
        feed.fire();
        assertEquals(List.of(1L), time.delays, "one timer, for the boundary 1 ms away");
        feed.fire();
        assertEquals(1, time.pending.size(), "a second firing sets no second timer");

        time.runTimerAt(START + 1_000);
        assertEquals(List.of(1_795_459_207L, 1_795_459_208L), subscriber.getItems().stream().map(Tick::seq).toList());
        assertEquals(List.of(1L, 1000L), time.delays, "the timer set the next one");

        time.now = START + 1_003;  // the schedule catches up after the timer: nothing new, no new timer
        feed.fire();
        assertEquals(1, time.pending.size());
        assertEquals(2, subscriber.getItems().size());
    }

    @Test
    void aTimerThatFiresEarlySetsItselfAgainForTheSameBoundary() {
        FakeTime time = new FakeTime();
        ClockFeed feed = new ClockFeed(new TickPeriod(1000), ZoneOffset.UTC, 15_000, 300, () -> time.now, time);
        AssertSubscriber<Tick> subscriber = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(100));
        time.now = START + 10;
        feed.fire();
        time.runTimerAt(START + 999);
        assertEquals(1, subscriber.getItems().size(), "nothing is due before the boundary");
        assertEquals(List.of(990L, 1L), time.delays);
        time.runTimerAt(START + 1_000);
        assertEquals(2, subscriber.getItems().size());
    }

    @Test
    void closingEndsEverySubscriptionAndPublishesNothingMore() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<ClockEvent> before = feed.events().subscribe().withSubscriber(AssertSubscriber.create(100));
        feed.close();
        before.assertCompleted();
        feed.advanceTo(START + 5_000);
        assertEquals(1, before.getItems().size());
        AssertSubscriber<Tick> after = feed.ticks().subscribe().withSubscriber(AssertSubscriber.create(100));
        after.assertCompleted();
        assertEquals(List.of(), after.getItems(), "a latecomer is told at once that the clock is gone");
        assertTrue(!feed.isOpen());
    }

    @ParameterizedTest(name = "history-size {0}")
    @ValueSource(ints = { 0, -1 })
    void aResumeWindowOfNoTicksIsRefusedAtStartNotAStoppedClock(int historySize) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ClockFeed(new TickPeriod(1000), ZoneOffset.UTC, 15_000, historySize, () -> START, (delay, action) -> {
                }));
        assertTrue(refused.getMessage().contains("pushclock.history-size"), refused.getMessage());
    }
}
