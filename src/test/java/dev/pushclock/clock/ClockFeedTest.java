package dev.pushclock.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
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
 * The feed driven by a clock the test sets: what it publishes when the scheduler fires on time,
 * late, twice or not at all, when it adds a heartbeat, and what closing it ends.
 */
class ClockFeedTest {

    private static final long START = 1_795_459_207_000L;

    /** A wall clock the test sets, and the timers the feed asked for, run by hand. */
    private static final class FakeTime implements InstantSource, BoundaryTimer.Timer {
        long now = START;
        final List<Long> delays = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }

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

    private final FakeTime time = new FakeTime();

    private ClockFeed feed(long periodMillis, long heartbeatMillis) {
        return new ClockFeed(new TickPeriod(periodMillis), ZoneOffset.UTC, Duration.ofMillis(heartbeatMillis), 300, time, time);
    }

    private static AssertSubscriber<ClockEvent> watch(ClockFeed feed) {
        return feed.events().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private static List<Long> seqs(AssertSubscriber<ClockEvent> subscriber) {
        return subscriber.getItems().stream().filter(Tick.class::isInstance).map(event -> ((Tick) event).seq()).toList();
    }

    private void publishAt(ClockFeed feed, long epochMillis) {
        time.now = epochMillis;
        feed.publishDue();
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
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        long now = START;
        for (int firing = 0; firing < 500; firing++) {
            // mostly on time, sometimes late by up to three periods, sometimes the same second again
            now += switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> 1000 + random.nextInt(3000);
                default -> 1000;
            } + random.nextInt(40) - 20;
            publishAt(feed, now);
        }
        List<Long> seqs = seqs(subscriber);
        assertEquals(LongStream.rangeClosed(START / 1000 + 1, feed.period().seqAt(now)).boxed().toList(), seqs);
        assertEquals(feed.current().seq(), seqs.get(seqs.size() - 1));
        assertEquals(seqs.size(), feed.ticksPublished());
    }

    @Test
    void aSubscriberGetsEveryTickPublishedAfterItJoinedAndNoneBefore() {
        ClockFeed feed = feed(1000, 15_000);
        publishAt(feed, START + 1_010);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        publishAt(feed, START + 3_010);
        assertEquals(List.of(1_795_459_209L, 1_795_459_210L), seqs(subscriber));
    }

    @Test
    void aStallLongerThanTheWindowCatchesUpOnlyTheTicksAnyoneCouldStillReplay() {
        ClockFeed feed = new ClockFeed(new TickPeriod(1000), ZoneOffset.UTC, Duration.ofSeconds(15), 5, time, time);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        publishAt(feed, START + 60_000);
        assertEquals(LongStream.rangeClosed(1_795_459_263L, 1_795_459_267L).boxed().toList(), seqs(subscriber));
    }

    @Test
    void cancellingASubscriptionStopsItsDelivery() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        subscriber.cancel();
        publishAt(feed, START + 1_010);
        assertEquals(List.of(), subscriber.getItems());
    }

    @Test
    void aLongPeriodGetsAHeartbeatAfterFifteenQuietSecondsAndNoneWhileTicksFlow() {
        ClockFeed feed = feed(60_000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        List<String> seen = new ArrayList<>();
        // START is 7 s into a minute: the current tick stands for START - 7 s
        for (long second = 1; second <= 70; second++) {
            publishAt(feed, START + second * 1000 + 3);
        }
        for (ClockEvent event : subscriber.getItems()) {
            seen.add(event instanceof Tick tick ? "tick@" + (tick.epochMillis() - START) / 1000
                    : "beat@" + (((Heartbeat) event).epochMillis() - START) / 1000);
        }
        assertEquals(List.of("beat@8", "beat@23", "beat@38", "tick@53", "beat@68"), seen);
    }

    @Test
    void aShortPeriodNeverNeedsAHeartbeat() {
        ClockFeed feed = feed(15_000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        for (long second = 1; second <= 120; second++) {
            publishAt(feed, START + second * 1000 + 3);
        }
        subscriber.getItems().forEach(event -> assertInstanceOf(Tick.class, event));
        assertEquals(8, subscriber.getItems().size(), "ticks: " + subscriber.getItems());
    }

    @Test
    void eachTickIsPublishedByATimerSetForItsBoundaryNotByTheRoughlyAlignedSchedule() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);

        time.now = START + 999;  // the schedule fires a hair before the boundary
        feed.fire();
        assertEquals(List.of(1L), time.delays, "one timer, for the boundary 1 ms away");
        feed.fire();
        assertEquals(1, time.pending.size(), "a second firing sets no second timer");

        time.runTimerAt(START + 1_000);
        assertEquals(List.of(1_795_459_208L), seqs(subscriber));
        assertEquals(List.of(1L, 1000L), time.delays, "the timer set the next one");

        time.now = START + 1_003;  // the schedule catches up after the timer: nothing new, no new timer
        feed.fire();
        assertEquals(1, time.pending.size());
        assertEquals(1, subscriber.getItems().size());
    }

    @Test
    void aTimerThatFiresEarlySetsItselfAgainForTheSameBoundary() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<ClockEvent> subscriber = watch(feed);
        time.now = START + 10;
        feed.fire();
        time.runTimerAt(START + 999);
        assertEquals(List.of(), subscriber.getItems(), "nothing is due before the boundary");
        assertEquals(List.of(990L, 1L), time.delays);
        time.runTimerAt(START + 1_000);
        assertEquals(1, subscriber.getItems().size());
    }

    @Test
    void closingEndsEverySubscriptionButTheClockKeepsTicking() {
        ClockFeed feed = feed(1000, 15_000);
        AssertSubscriber<ClockEvent> before = watch(feed);
        feed.close();
        before.assertCompleted();
        assertFalse(feed.isOpen());
        publishAt(feed, START + 5_000);
        assertEquals(List.of(), before.getItems());
        assertEquals(1_795_459_212L, feed.current().seq(), "a poll answered while the service drains gets the time");
        AssertSubscriber<ClockEvent> after = watch(feed);
        after.assertCompleted();
        assertEquals(List.of(), after.getItems(), "a latecomer is told at once that the clock is gone");
    }

    @ParameterizedTest(name = "history-size {0}")
    @ValueSource(ints = { 0, -1 })
    void aResumeWindowOfNoTicksIsRefusedAtStartNotAStoppedClock(int historySize) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ClockFeed(new TickPeriod(1000), ZoneOffset.UTC, Duration.ofSeconds(15), historySize, time, time));
        assertTrue(refused.getMessage().contains("pushclock.history-size"), refused.getMessage());
    }

    @Test
    void aHeartbeatMoreOftenThanTheClockCanCheckIsRefusedAtStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ClockFeed(new TickPeriod(1000), ZoneOffset.UTC, Duration.ofMillis(500), 300, time, time));
        assertTrue(refused.getMessage().contains("pushclock.heartbeat"), refused.getMessage());
    }
}
