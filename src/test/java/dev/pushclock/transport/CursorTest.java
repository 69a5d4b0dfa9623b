package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.pushclock.clock.Resume;
import dev.pushclock.clock.Tick;

/** The one "already sent" rule: what a connection owes its client on joining, and which ticks it passes on after. */
class CursorTest {

    private static Tick tick(long seq) {
        return new Tick(seq, seq * 1000);
    }

    @Test
    void aNewClientIsOwedTheCurrentTickOnly() {
        Resume owed = Cursor.after(OptionalLong.empty()).owed(tick(100), 300);
        assertEquals(new Resume(OptionalLong.empty(), 100, 100), owed);
    }

    @Test
    void aReturningClientIsOwedEveryTickSinceItsCursor() {
        assertEquals(new Resume(OptionalLong.empty(), 96, 100), Cursor.after(OptionalLong.of(95)).owed(tick(100), 300));
    }

    @Test
    void aCursorOlderThanTheWindowIsOwedAGapNoticeThenTheWholeWindow() {
        assertEquals(new Resume(OptionalLong.of(801), 801, 1000), Cursor.after(OptionalLong.of(3)).owed(tick(1000), 200));
    }

    @Test
    void anUpToDateClientOrOneATickAheadIsOwedNothing() {
        assertEquals(0, Cursor.after(OptionalLong.of(100)).owed(tick(100), 300).count());
        assertEquals(0, Cursor.after(OptionalLong.of(101)).owed(tick(100), 300).count());
    }

    @Test
    void eachTickIsTakenOnceAndInOrder() {
        Cursor cursor = Cursor.after(OptionalLong.of(100));
        assertFalse(cursor.take(tick(100)), "the client has it");
        assertTrue(cursor.take(tick(101)));
        assertFalse(cursor.take(tick(101)), "a tick the hub brings twice goes out once");
        assertTrue(cursor.take(tick(103)));
        assertFalse(cursor.take(tick(102)), "an older tick arriving late is not sent out of order");
        assertEquals(103, cursor.lastSent());
    }

    @Test
    void aNewClientTakesWhateverComesFirst() {
        Cursor cursor = Cursor.after(OptionalLong.empty());
        assertTrue(cursor.take(tick(5)));
        assertFalse(cursor.take(tick(5)));
    }
}
