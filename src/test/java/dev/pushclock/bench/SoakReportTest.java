package dev.pushclock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SoakReportTest {

    @Test
    void aFirstSoakIsAppendedAfterTheMarker() {
        assertEquals("# Results\n\n" + SoakReport.MARKER + "## Soak\n\n### Server\n",
                SoakReport.withSoak("# Results\n", "# Soak\n\n## Server\n"));
    }

    @Test
    void aLaterSoakReplacesTheEarlierOneAndKeepsTheRest() {
        String once = SoakReport.withSoak("# Results\n\nfigures\n", "# Soak\n\nold\n");
        String twice = SoakReport.withSoak(once, "# Soak\n\nnew\n");
        assertEquals("# Results\n\nfigures\n\n" + SoakReport.MARKER + "## Soak\n\nnew\n", twice);
        assertEquals(twice, SoakReport.withSoak(twice, "# Soak\n\nnew\n"));
    }
}
