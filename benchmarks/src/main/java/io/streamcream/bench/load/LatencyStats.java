package io.streamcream.bench.load;

import java.util.Arrays;

/**
 * Latency percentiles and throughput of one load run. Latencies are kept exactly (sorted array of
 * nanoseconds): runs here are at most a few hundred thousand requests.
 *
 * @param name        what was measured
 * @param requests    completed requests
 * @param errors      requests with an unexpected status or an exception
 * @param seconds     wall-clock duration of the measured phase
 * @param latencyNanos sorted latencies
 */
public record LatencyStats(String name, long requests, long errors, double seconds, long[] latencyNanos) {

    static LatencyStats of(String name, long errors, double seconds, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new LatencyStats(name, sorted.length, errors, seconds, sorted);
    }

    /**
     * @param percentile 0–100
     * @return the latency at that percentile in milliseconds
     */
    public double millis(double percentile) {
        if (latencyNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * latencyNanos.length) - 1;
        return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, index))] / 1e6;
    }

    /** @return completed requests per second */
    public double throughput() {
        return requests / seconds;
    }

    /** @return a Markdown table row */
    public String markdownRow() {
        return String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |", name, requests, errors, throughput(),
                millis(50), millis(95), millis(99), millis(100));
    }

    /** @return the header matching {@link #markdownRow()} */
    public static String markdownHeader() {
        return "| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |\n"
                + "|---|---|---|---|---|---|---|---|";
    }
}
