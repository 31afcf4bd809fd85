package io.streamcream.sovits.t2s;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.sovits.testing.OrtSessions;

class T2sDecoderTest {
    @RegisterExtension
    static final OrtSessions ORT = new OrtSessions();
    private static final int LAYERS = 2;
    private static final int WIDTH = 4;
    private static final long[] PHONES = {227, 167, 158, 119, 3};
    private static final long[] PROMPT = {7, 8, 9};

    private static SamplingParams greedy() {
        return SamplingParams.defaults().with(1, 1.0, 1.0, 1.35, 42);
    }

    /** table[P + i] = token produced by step i (the (i+1)-th generated token). */
    private static long[] table(long[] afterFirst) {
        long[] t = new long[PROMPT.length + afterFirst.length + 4];
        Arrays.fill(t, 5);
        System.arraycopy(afterFirst, 0, t, PROMPT.length, afterFirst.length);
        return t;
    }

    private static T2sDecoder.Result run(int first, long[] table, SamplingParams params) {
        try (Session prefill = ORT.open(OracleGraphs.prefill(first, LAYERS, WIDTH));
             Session step = ORT.open(OracleGraphs.step(table, PHONES.length, LAYERS, WIDTH))) {
            T2sDecoder decoder = new T2sDecoder(prefill, step, LAYERS, WIDTH, OracleGraphs.VOCAB, OracleGraphs.EOS);
            return decoder.decode(PHONES, new float[1024 * PHONES.length], PROMPT, params);
        }
    }

    @Test
    void greedyDecodeFollowsTheForcedLogitsAndStopsAtEos() {
        long[] seq = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 11, 12, OracleGraphs.EOS, 13};
        T2sDecoder.Result r = run(50, table(seq), greedy());
        assertThat(r.tokens(), is(new long[] {50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 11, 12}));
        assertThat(r.stoppedByEos(), is(true));
    }

    @Test
    void eosBeforeElevenTokensIsRemovedFromTheLogits() {
        // EOS forced as the 4th token: the EOS column is dropped, the ramp makes token 0 the argmax instead
        long[] seq = {1, 2, OracleGraphs.EOS, 3, 4, 5, 6, 7, 8, 9, 10, OracleGraphs.EOS};
        T2sDecoder.Result r = run(20, table(seq), greedy());
        assertThat(r.tokens(), is(new long[] {20, 1, 2, 0, 3, 4, 5, 6, 7, 8, 9, 10}));
        assertThat(r.tokens().length, is(SamplingParams.MIN_TOKENS + 1));
        assertThat(r.stoppedByEos(), is(true));
    }

    @Test
    void eosExactlyAtTheElevenTokenBoundaryStops() {
        long[] seq = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, OracleGraphs.EOS};
        T2sDecoder.Result r = run(30, table(seq), greedy());
        assertThat(r.tokens(), is(new long[] {30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    }

    @Test
    void capReturnsEveryTokenWithoutDroppingTheFirst() {
        long[] seq = new long[40];
        for (int i = 0; i < seq.length; i++) {
            seq[i] = 100 + i;
        }
        T2sDecoder.Result r = run(99, table(seq), greedy().withLimits(11, 25));
        long[] expected = new long[25];
        for (int i = 0; i < 25; i++) {
            expected[i] = 99 + i;
        }
        assertThat(r.tokens(), is(expected));
        assertThat(r.stoppedByEos(), is(false));
    }

    @Test
    void sameSeedSameTokensWhenSampling() {
        // a flat oracle: only the ramp, so sampling with top_k=50 is genuinely random
        long[] seq = new long[60];
        Arrays.fill(seq, 3);
        SamplingParams params = SamplingParams.defaults().with(50, 1.0, 20.0, 1.0, 7).withLimits(11, 40);
        long[] a = run(3, table(seq), params).tokens();
        long[] b = run(3, table(seq), params).tokens();
        long[] c = run(3, table(seq), params.with(50, 1.0, 20.0, 1.0, 8)).tokens();
        assertThat(a, is(b));
        assertThat(Arrays.equals(a, c), is(false));
    }

    @Test
    void aWarmWorkspaceDecodesWithoutJavaHeapAllocationPerToken() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Session prefill = ORT.open(io.streamcream.sovits.testing.TinyGraphs.prefill());
             Session step = ORT.open(io.streamcream.sovits.testing.TinyGraphs.step(1400));
             T2sDecoder decoder = new T2sDecoder(prefill, step, LAYERS, WIDTH, OracleGraphs.VOCAB, OracleGraphs.EOS, 1)) {
            SamplingParams sampled = SamplingParams.defaults().with(15, 0.8, 1.0, 1.35, 3);
            SamplingParams shortRun = sampled.withLimits(11, 200);
            SamplingParams longRun = sampled.withLimits(11, 1200);
            float[] bert = new float[1024 * PHONES.length];
            for (int i = 0; i < 12; i++) {
                assertThat(decoder.decode(PHONES, bert, PROMPT, longRun).tokens().length, is(1200));
            }
            assertThat(decoder.idleWorkspaces(), is(1));
            long best = Long.MAX_VALUE;
            // Best of several attempts: until C2 has compiled the loop, the interpreter boxes native handles.
            for (int attempt = 0; attempt < 10 && best > 16_500; attempt++) {
                long t0 = threads.getCurrentThreadAllocatedBytes();
                decoder.decode(PHONES, bert, PROMPT, shortRun);
                long t1 = threads.getCurrentThreadAllocatedBytes();
                decoder.decode(PHONES, bert, PROMPT, longRun);
                long t2 = threads.getCurrentThreadAllocatedBytes();
                best = Math.min(best, (t2 - t1) - (t1 - t0));
            }
            // Per-token growth: the result (long[maxTokens] and its copy, 16 bytes), and at most one 40-byte segment:
            // native-bindings' Run returns its OrtStatus pointer as a MemorySegment, which C2 scalar-replaces only
            // when it inlines the whole downcall chain (it usually does; under load it sometimes does not). Before
            // the workspaces this was about 4 900 bytes per token.
            double perToken = best / 1000.0;
            // 16 bytes: the token arrays handed back; the step loop itself allocates nothing.
            assertThat("heap bytes per decoded token: " + perToken, perToken <= 24.5, is(true));
        }
    }

    @Test
    void topPOrdersTiesByIndexWithoutBoxing() {
        float[] logits = new float[OracleGraphs.VOCAB];
        Arrays.fill(logits, -5f);
        logits[700] = 3f;
        logits[10] = 3f;
        logits[900] = -0.0f;
        logits[901] = 0.0f;
        // Each 3.0 carries e³ / (2e³ + 2 + 1021e⁻⁵) ≈ 0.41 of the mass. The tie is ordered by index (a stable
        // descending sort), so top-p 0.5 keeps index 10 and drops 700 (cumulative 0.82 > 0.5) ...
        Sampler half = new Sampler(SamplingParams.defaults().with(1025, 0.5, 1.0, 1.0, 1), OracleGraphs.VOCAB);
        for (int i = 0; i < 200; i++) {
            assertThat(half.sample(logits, OracleGraphs.VOCAB), is(10));
        }
        // ... and top-p 0.83 keeps both (0.82 ≤ 0.83), each drawn about half of the time.
        Sampler both = new Sampler(SamplingParams.defaults().with(1025, 0.83, 1.0, 1.0, 1), OracleGraphs.VOCAB);
        int tens = 0;
        for (int i = 0; i < 2000; i++) {
            int t = both.sample(logits, OracleGraphs.VOCAB);
            assertThat(t == 10 || t == 700, is(true));
            tens += t == 10 ? 1 : 0;
        }
        assertThat("draws of 10 out of 2000: " + tens, tens > 850 && tens < 1150, is(true));
    }

    @Test
    void theSamplersHeapSortsAgreeWithArraysSort() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(1100);
            float[] f = new float[n];
            long[] g = new long[n];
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(10);
                f[i] = kind == 0 ? Float.NEGATIVE_INFINITY : kind == 1 ? -0.0f : kind == 2 ? 0.0f
                        : (float) random.nextGaussian() * (kind == 3 ? 0 : 5);
                g[i] = random.nextLong() >> random.nextInt(60);
            }
            float[] fExpected = f.clone();
            long[] gExpected = g.clone();
            Arrays.sort(fExpected);
            Arrays.sort(gExpected);
            Sampler.heapSort(f, n);
            Sampler.heapSort(g, n);
            assertThat(f, is(fExpected));
            assertThat(g, is(gExpected));
        }
    }
}
