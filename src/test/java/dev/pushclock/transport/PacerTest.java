package dev.pushclock.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** How every pushing connection paces its writes, against a socket that completes writes when told. */
class PacerTest {

    /** A socket whose writes stay in flight until {@link #complete} says they are written. */
    private static final class Socket implements Pacer.Writer<String> {
        final List<String> written = new ArrayList<>();
        final List<Pacer.Written> pending = new ArrayList<>();

        @Override
        public void write(String frame, Pacer.Written done) {
            written.add(frame);
            pending.add(done);
        }

        void complete(boolean succeeded) {
            pending.remove(0).written(succeeded);
        }
    }

    private final Socket socket = new Socket();
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger stalls = new AtomicInteger();
    private final Pacer<String> pacer = new Pacer<>(socket, 30_000, 2, stalls::incrementAndGet, now::get);

    @Test
    void aClientThatKeepsUpGetsEveryFrameAsItComes() {
        for (String tick : List.of("t1", "t2", "t3")) {
            pacer.offer(tick, false);
            socket.complete(true);
        }
        assertEquals(List.of("t1", "t2", "t3"), socket.written);
    }

    @Test
    void whileAWriteIsInFlightOnlyTheNewestTickWaits() {
        pacer.offer("t1", false);
        pacer.offer("t2", false);
        pacer.offer("t3", false);
        assertEquals(List.of("t1"), socket.written, "one write in flight at a time");
        socket.complete(true);
        assertEquals(List.of("t1", "t3"), socket.written, "the newest, not a backlog");
    }

    @Test
    void aHeartbeatNeverTakesTheWaitingTicksPlace() {
        pacer.offer("t1", false);
        pacer.offer("t2", false);
        pacer.offer("heartbeat", true);
        socket.complete(true);
        assertEquals(List.of("t1", "t2"), socket.written);
        socket.complete(true);
        pacer.offer("heartbeat", true);
        assertEquals(List.of("t1", "t2", "heartbeat"), socket.written, "on a quiet line it goes out");
    }

    @Test
    void aTickTakesAWaitingHeartbeatsPlace() {
        pacer.offer("t1", false);
        pacer.offer("heartbeat", true);
        pacer.offer("t2", false);
        socket.complete(true);
        assertEquals(List.of("t1", "t2"), socket.written);
    }

    @Test
    void aReplayGoesOutAtOnceAndTheWaitingTickAfterAllOfIt() {
        pacer.write("r1");
        pacer.write("r2");
        pacer.offer("t3", false);
        assertEquals(List.of("r1", "r2"), socket.written);
        socket.complete(true);
        assertEquals(List.of("r1", "r2"), socket.written, "r2 is still in flight");
        socket.complete(true);
        assertEquals(List.of("r1", "r2", "t3"), socket.written);
    }

    @Test
    void aFailedWriteSendsNothingMore() {
        pacer.offer("t1", false);
        pacer.offer("t2", false);
        socket.complete(false);
        assertEquals(List.of("t1"), socket.written);
    }

    @Test
    void aClientBehindLongerThanTheLagIsReportedOnce() {
        pacer.offer("t1", false);
        now.addAndGet(30_000);
        pacer.offer("t2", false);
        assertEquals(0, stalls.get(), "exactly the lag is still allowed");
        assertEquals(30_000, pacer.behindMillis());
        now.addAndGet(1);
        pacer.offer("t3", false);
        pacer.offer("t4", false);
        assertEquals(1, stalls.get());
    }

    @Test
    void theLagCountsFromTheOldestWriteStillInFlight() {
        pacer.offer("t1", false);
        now.addAndGet(20_000);
        socket.complete(true);   // t1 written; nothing waited
        pacer.offer("t2", false);
        now.addAndGet(20_000);
        pacer.offer("t3", false);
        assertEquals(0, stalls.get(), "t2 has been in flight 20 s, not 40");
        assertEquals(0, new Pacer<String>(socket, 1, 2, stalls::incrementAndGet, now::get).behindMillis());
    }

    @Test
    void afterAStallNothingMoreIsWritten() {
        pacer.offer("t1", false);
        now.addAndGet(30_001);
        pacer.offer("t2", false);
        assertEquals(1, stalls.get());
        socket.complete(true);
        pacer.offer("t3", false);
        pacer.reply("pong");
        pacer.write("replay");
        assertEquals(List.of("t1"), socket.written, "a client let go of gets nothing more");
        assertEquals(1, stalls.get(), "and is reported once");
    }

    @Test
    void repliesWaitInOrderAheadOfTheWaitingTick() {
        pacer.offer("t1", false);
        pacer.offer("t2", false);
        pacer.reply("pong1");
        pacer.reply("pong2");
        socket.complete(true);
        socket.complete(true);
        socket.complete(true);
        assertEquals(List.of("t1", "pong1", "pong2", "t2"), socket.written, "no reply is dropped, the tick still goes");
    }

    @Test
    void aClientThatAsksForMoreRepliesThanAllowedWithoutReadingIsLetGo() {
        pacer.offer("t1", false);
        pacer.reply("pong1");
        pacer.reply("pong2");
        assertEquals(0, stalls.get(), "two may wait");
        pacer.reply("pong3");
        assertEquals(1, stalls.get(), "a third would grow without bound for a client that floods and never reads");
        socket.complete(true);
        assertEquals(List.of("t1"), socket.written);
    }

    @Test
    void aReplyOnAQuietLineGoesOutAtOnce() {
        pacer.reply("pong");
        assertEquals(List.of("pong"), socket.written);
    }
}
