package dev.pushclock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The open-file limit as Linux states it, and the connection cap made from it. */
class ConnectionCeilingTest {

    private static final String HEADER = "Limit                     Soft Limit           Hard Limit           Units     ";

    @Test
    void theSoftLimitIsReadFromProcLimits() {
        assertEquals(20000, ConnectionCeiling.openFileLimit(List.of(HEADER,
                "Max processes             95219                95219                processes ",
                "Max open files            20000                524288               files     ")));
        assertEquals(Integer.MAX_VALUE, ConnectionCeiling.openFileLimit(List.of(HEADER,
                "Max open files            unlimited            unlimited            files     ")));
        assertEquals(-1, ConnectionCeiling.openFileLimit(List.of(HEADER)));
    }

    @Test
    void theCapKeepsDescriptorsBack() {
        assertEquals(1_048_576 - 256, ConnectionCeiling.ceiling(1_048_576));
        assertEquals(640 - 256, ConnectionCeiling.ceiling(640));
        assertEquals(200, ConnectionCeiling.ceiling(400), "half of a very low limit");
    }

    @Test
    void thisProcessHasALimit() {
        assertTrue(ConnectionCeiling.openFileLimit() > 0, "Linux states one in /proc/self/limits");
    }
}
