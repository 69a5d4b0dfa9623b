package dev.pushclock.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The classes loaded at start for the server's first close are in the Netty this build ships: an
 * upgrade that renames one (an anonymous class's number moves easily) fails here, not under a
 * burst in production.
 */
class ClosingClassesTest {

    @Test
    void everyNamedClassIsInTheBundledNetty() {
        for (String name : ClosingClasses.NAMES) {
            assertDoesNotThrow(() -> Class.forName(name, false, getClass().getClassLoader()), name);
        }
    }
}
