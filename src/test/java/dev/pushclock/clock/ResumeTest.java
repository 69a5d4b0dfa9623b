package dev.pushclock.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** What a returning client is owed, as a pure function of its last seq, the current seq and the window. */
class ResumeTest {

    @Test
    void aClientThatMissedThreeTicksGetsThoseThree() {
        assertEquals(new Resume(OptionalLong.empty(), 101, 103), Resume.after(100, 103, 300));
        assertEquals(3, Resume.after(100, 103, 300).count());
    }

    @Test
    void aClientUpToDateIsOwedNothing() {
        assertEquals(0, Resume.after(103, 103, 300).count());
        assertEquals(0, Resume.after(104, 103, 300).count(), "a cursor from a replica a hair ahead");
    }

    @Test
    void theOldestTickOfTheWindowCanStillBeReplayedWithoutAGap() {
        // window 300 ending at 1000 holds 701..1000: a client that saw 700 misses nothing
        assertEquals(new Resume(OptionalLong.empty(), 701, 1000), Resume.after(700, 1000, 300));
    }

    @Test
    void aClientOlderThanTheWindowIsToldWhereTheReplayStarts() {
        assertEquals(new Resume(OptionalLong.of(701), 701, 1000), Resume.after(699, 1000, 300));
        assertEquals(new Resume(OptionalLong.of(701), 701, 1000), Resume.after(0, 1000, 300));
        assertEquals(300, Resume.after(0, 1000, 300).count());
    }
}
