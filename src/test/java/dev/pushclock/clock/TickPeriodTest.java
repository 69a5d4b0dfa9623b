package dev.pushclock.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tick arithmetic: which tick a moment belongs to, and what a firing owes. */
class TickPeriodTest {

    private static final long NOV_23_2026_18_40_07 = 1_795_459_207_000L;

    @ParameterizedTest(name = "period {0} ms at {1} ms → seq {2}")
    @CsvSource({
            "1000, 1795459207000, 1795459207",
            "1000, 1795459207999, 1795459207",
            "1000, 1795459206999, 1795459206",
            "5000, 1795459205000, 359091841",
            "5000, 1795459209999, 359091841",
            "5000, 1795459210000, 359091842",
            "60000, 1795459200000, 29924320",
            "60000, 1795459259999, 29924320",
            "1000, 0, 0",
            "1000, -1, -1" })
    void aTickRunsFromItsBoundaryUpToTheNext(long periodMillis, long epochMillis, long seq) {
        assertEquals(seq, new TickPeriod(periodMillis).seqAt(epochMillis));
    }

    @Test
    void aTickStandsForItsBoundaryNotTheMomentItWasAskedFor() {
        TickPeriod period = TickPeriod.of(Duration.ofSeconds(5));
        Tick tick = period.tickAt(NOV_23_2026_18_40_07 + 2_456);
        assertEquals(new Tick(359_091_841, 1_795_459_205_000L), tick);
        assertEquals(tick, period.tick(tick.seq()));
    }

    @ParameterizedTest(name = "{0} ms is refused")
    @ValueSource(longs = { 0, -1000, 7000, 1500, 500, 90_000, 120_000, 45_000 })
    void periodsThatDoNotDivideAMinuteInWholeSecondsAreRefused(long millis) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new TickPeriod(millis));
        assertTrue(refused.getMessage().contains("pushclock.tick-period"), refused.getMessage());
    }

    @ParameterizedTest(name = "{0} s is accepted")
    @ValueSource(ints = { 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60 })
    void everyWholeSecondDivisorOfAMinuteIsAccepted(int seconds) {
        assertEquals(seconds * 1000L, TickPeriod.of(Duration.ofSeconds(seconds)).millis());
    }

    @Test
    void aFractionOfASecondIsRefusedEvenWhenItLooksWhole() {
        assertThrows(IllegalArgumentException.class, () -> TickPeriod.of(Duration.ofMillis(1000).plusNanos(1)));
    }

    @Test
    void aFiringOnTimeOwesExactlyTheNextTick() {
        TickPeriod period = new TickPeriod(1000);
        assertEquals(List.of(period.tick(101)), period.due(100, 101_003, 300));
    }

    @Test
    void aLateFiringOwesEveryTickItMissedOldestFirst() {
        TickPeriod period = new TickPeriod(1000);
        assertEquals(List.of(period.tick(101), period.tick(102), period.tick(103)), period.due(100, 103_450, 300));
    }

    @Test
    void aFiringBeforeTheNextBoundaryOrASecondFiringOwesNothing() {
        TickPeriod period = new TickPeriod(1000);
        assertEquals(List.of(), period.due(100, 100_999, 300));
        assertEquals(List.of(), period.due(100, 100_000, 300));
    }

    @Test
    void aClockSetBackOwesNothingRatherThanRepeatingTicks() {
        assertEquals(List.of(), new TickPeriod(1000).due(100, 42_000, 300));
    }

    @Test
    void aStallLongerThanTheResumeWindowOwesOnlyTheNewestTicks() {
        List<Tick> due = new TickPeriod(1000).due(100, 10_000_500, 3);
        assertEquals(List.of(9_998L, 9_999L, 10_000L), due.stream().map(Tick::seq).toList());
    }

    @ParameterizedTest(name = "period {0} ms at {1} ms → next boundary in {2} ms")
    @CsvSource({ "1000, 5000, 1000", "1000, 5001, 999", "1000, 5999, 1", "60000, 61000, 59000", "1000, -1, 1" })
    void theNextBoundaryIsNeverNowAndAtMostAPeriodAway(long periodMillis, long epochMillis, long until) {
        assertEquals(until, new TickPeriod(periodMillis).millisUntilNext(epochMillis));
    }
}
