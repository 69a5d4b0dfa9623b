package dev.pushclock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The running service sizes Mutiny's queues, one per socket and per forever frame, for idle connections. */
@QuarkusTest
class SmallQueuesTest {

    @Test
    void theQueuesEveryConnectionKeepsStartSmall() {
        assertEquals(SmallQueues.FIRST_CHUNK, Infrastructure.getBufferSizeS());
    }
}
