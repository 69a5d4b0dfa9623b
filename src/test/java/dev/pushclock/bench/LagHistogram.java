package dev.pushclock.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivery lag in whole milliseconds, counted per millisecond up to a minute (anything later goes
 * into the last bucket): exact percentiles for the range that matters, lock-free, fixed size.
 */
final class LagHistogram {

    private static final int BUCKETS = 60_001;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private volatile long max = Long.MIN_VALUE;
    private volatile long min = Long.MAX_VALUE;

    void record(long lagMillis) {
        int bucket = (int) Math.max(0, Math.min(BUCKETS - 1, lagMillis));
        counts.incrementAndGet(bucket);
        total.increment();
        if (lagMillis > max) {
            synchronized (this) {
                max = Math.max(max, lagMillis);
            }
        }
        if (lagMillis < min) {
            synchronized (this) {
                min = Math.min(min, lagMillis);
            }
        }
    }

    long count() {
        return total.sum();
    }

    /** The lag that {@code fraction} of all samples are at or under; -1 without samples. */
    long percentile(double fraction) {
        long n = count();
        if (n == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(fraction * n);
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts.get(bucket);
            if (seen >= rank) {
                return bucket;
            }
        }
        return BUCKETS - 1;
    }

    long max() {
        return count() == 0 ? -1 : max;
    }

    /** Negative lag means the client's clock and the server's disagree: worth reporting. */
    long min() {
        return count() == 0 ? -1 : min;
    }
}
