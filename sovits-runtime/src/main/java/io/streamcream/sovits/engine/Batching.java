package io.streamcream.sovits.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How the text segments of one request are grouped into batches (api_v2 {@code batch_size},
 * {@code batch_threshold}, {@code split_bucket}).
 *
 * <p>Without bucketing, consecutive groups of {@code batchSize}. With bucketing, the segments are
 * ordered by the length of their normalised text (ties keep their order) and cut into windows: a
 * window starts with {@code batchSize} segments and loses its last one until the length of its
 * middle segment (index {@code size / 2}) is at least {@code threshold} times the window's mean
 * length, or a single segment is left. Every segment lands in exactly one batch; the caller puts
 * the audio back into text order.
 *
 * @param batchSize    largest batch, at least 1
 * @param threshold    {@code batch_threshold}, 0 … 1
 * @param splitBucket  whether to sort by length before grouping
 * @param parallel     {@code parallel_infer}: decode the segments of a batch at the same time
 */
public record Batching(int batchSize, double threshold, boolean splitBucket, boolean parallel) {

    /** Largest accepted {@code batch_size}; more only costs memory on a CPU. */
    public static final int MAX_BATCH_SIZE = 64;

    /** One segment at a time, in order: api_v2's defaults apart from {@code batch_size} 1. */
    public static final Batching NONE = new Batching(1, 0.75, true, true);

    /** Checks the ranges. */
    public Batching {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch_size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("batch_threshold must be between 0 and 1, got " + threshold);
        }
    }

    /**
     * @param lengths       normalised text length of each segment, in text order
     * @param bucketAllowed whether this request may reorder (upstream turns bucketing off for streaming and
     *                      fragment answers and for {@code speed_factor} ≠ 1)
     * @return batches of segment indices; their concatenation is a permutation of all indices
     */
    public List<List<Integer>> groups(int[] lengths, boolean bucketAllowed) {
        List<List<Integer>> batches = new ArrayList<>();
        if (!(splitBucket && bucketAllowed)) {
            for (int start = 0; start < lengths.length; start += batchSize) {
                batches.add(IntStream.range(start, Math.min(start + batchSize, lengths.length)).boxed().toList());
            }
            return batches;
        }
        List<Integer> order = IntStream.range(0, lengths.length).boxed()
                .sorted(Comparator.comparingInt(i -> lengths[i])).toList();
        int position = 0;
        while (position < order.size()) {
            int end = Math.min(position + batchSize, order.size());
            while (end - position > 1 && !balanced(lengths, order, position, end)) {
                end--;
            }
            batches.add(List.copyOf(order.subList(position, end)));
            position = end;
        }
        return batches;
    }

    private boolean balanced(int[] lengths, List<Integer> order, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += lengths[order.get(i)];
        }
        double mean = sum / (to - from);
        int middle = lengths[order.get(from + (to - from) / 2)];
        return middle / (mean + 1e-8) >= threshold;
    }
}
