package io.streamcream.sovits.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchingTest {

    @Test
    void withoutBucketingBatchesAreConsecutiveGroups() {
        Batching batching = new Batching(2, 0.75, false, true);
        assertThat(batching.groups(new int[] {5, 1, 9, 3, 7}, true), is(List.of(List.of(0, 1), List.of(2, 3), List.of(4))));
        assertThat("bucketing allowed but switched off by the request",
                new Batching(3, 0.75, true, true).groups(new int[] {5, 1, 9, 3}, false),
                is(List.of(List.of(0, 1, 2), List.of(3))));
        assertThat(Batching.NONE.groups(new int[] {4, 4, 4}, true), is(List.of(List.of(0), List.of(1), List.of(2))));
    }

    @Test
    void bucketingSortsByLengthAndShrinksAWindowUntilItsMiddleIsNearItsMean() {
        // Sorted: #1 (2), #3 (3), #0 (10), #4 (11), #2 (30).
        // [2, 3, 10]: middle 3 / mean 5 = 0.6 < 0.75 → [2, 3]: 3 / 2.5 = 1.2 → batch {1, 3}.
        // [10, 11, 30]: 11 / 17 = 0.65 → [10, 11]: 11 / 10.5 = 1.05 → batch {0, 4}; then {2} alone.
        Batching batching = new Batching(3, 0.75, true, true);
        assertThat(batching.groups(new int[] {10, 2, 30, 3, 11}, true),
                is(List.of(List.of(1, 3), List.of(0, 4), List.of(2))));
        assertThat("threshold 0 keeps full windows", new Batching(3, 0, true, true).groups(new int[] {10, 2, 30, 3, 11}, true),
                is(List.of(List.of(1, 3, 0), List.of(4, 2))));
        assertThat("equal lengths keep text order", batching.groups(new int[] {4, 4, 4, 4}, true),
                is(List.of(List.of(0, 1, 2), List.of(3))));
    }

    @Test
    void everySegmentLandsInExactlyOneBatchOfAtMostBatchSize() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int count = random.nextInt(40);
            int[] lengths = new int[count];
            for (int i = 0; i < count; i++) {
                lengths[i] = 1 + random.nextInt(random.nextBoolean() ? 5 : 200);
            }
            int size = 1 + random.nextInt(8);
            Batching batching = new Batching(size, random.nextDouble(), random.nextBoolean(), true);
            List<Integer> seen = new ArrayList<>();
            for (List<Integer> batch : batching.groups(lengths, random.nextBoolean())) {
                assertThat(batch.isEmpty(), is(false));
                assertThat(batch.size() <= size, is(true));
                seen.addAll(batch);
            }
            assertThat(seen.stream().sorted().toList(), is(java.util.stream.IntStream.range(0, count).boxed().toList()));
        }
    }

    @Test
    void outOfRangeSettingsAreRefusedWithTheirApiNames() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Batching(0, 0.75, true, true)).getMessage(),
                containsString("batch_size"));
        assertThrows(IllegalArgumentException.class, () -> new Batching(Batching.MAX_BATCH_SIZE + 1, 0.75, true, true));
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Batching(2, 1.5, true, true)).getMessage(),
                containsString("batch_threshold"));
        assertThrows(IllegalArgumentException.class, () -> new Batching(2, Double.NaN, true, true));
    }
}
