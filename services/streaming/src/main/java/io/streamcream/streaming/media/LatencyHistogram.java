package io.streamcream.streaming.media;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies of one pipeline, from a chunk arriving to the packet made from it leaving for RTMP.
 * Fixed buckets (1 ms up to 1 s, 10 ms up to 10 s, then one overflow bucket), so recording is a
 * couple of array writes. One thread records (the pipeline's); any thread may read a snapshot.
 */
public final class LatencyHistogram {

    private static final int FINE_MILLIS = 1000;
    private static final int COARSE_STEP = 10;
    private static final int COARSE_MILLIS = 10_000;
    private static final int BUCKETS = FINE_MILLIS + (COARSE_MILLIS - FINE_MILLIS) / COARSE_STEP + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private volatile long count;
    private volatile long maxNanos;

    /**
     * Records one latency (single writer).
     *
     * @param nanos the latency
     */
    void record(long nanos) {
        long value = Math.max(0, nanos);
        int bucket = bucket(value / 1_000_000);
        counts.setRelease(bucket, counts.getPlain(bucket) + 1);
        if (value > maxNanos) {
            maxNanos = value;
        }
        count = count + 1;
    }

    private static int bucket(long millis) {
        if (millis < FINE_MILLIS) {
            return (int) millis;
        }
        if (millis < COARSE_MILLIS) {
            return FINE_MILLIS + (int) ((millis - FINE_MILLIS) / COARSE_STEP);
        }
        return BUCKETS - 1;
    }

    /** Upper edge of a bucket, in milliseconds. */
    private static double upperMillis(int bucket) {
        if (bucket < FINE_MILLIS) {
            return bucket + 1;
        }
        if (bucket < BUCKETS - 1) {
            return FINE_MILLIS + (double) (bucket - FINE_MILLIS + 1) * COARSE_STEP;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** @return a consistent-enough copy of the counts */
    public Snapshot snapshot() {
        long[] copy = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.getAcquire(i);
            total += copy[i];
        }
        return new Snapshot(copy, total, maxNanos / 1e6);
    }

    /**
     * The counts at one moment.
     *
     * @param counts    per bucket
     * @param count     latencies recorded
     * @param maxMillis largest latency
     */
    public record Snapshot(long[] counts, long count, double maxMillis) {

        /** @return an empty snapshot */
        public static Snapshot empty() {
            return new Snapshot(new long[BUCKETS], 0, 0);
        }

        /**
         * @param percentile 0–100
         * @return the latency (bucket upper edge, at most the maximum) at that percentile in ms, 0 when empty
         */
        public double millis(double percentile) {
            if (count == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(upperMillis(i), maxMillis);
                }
            }
            return maxMillis;
        }

        /**
         * @param other another snapshot
         * @return both together (for a benchmark's aggregate over streams)
         */
        public Snapshot plus(Snapshot other) {
            long[] sum = counts.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.counts[i];
            }
            return new Snapshot(sum, count + other.count, Math.max(maxMillis, other.maxMillis));
        }
    }
}
