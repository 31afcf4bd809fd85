package io.streamcream.sovits.t2s;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.SessionOptions;

class T2sDecoderTest {
    private static final int LAYERS = 2;
    private static final int WIDTH = 4;
    private static final long[] PHONES = {227, 167, 158, 119, 3};
    private static final long[] PROMPT = {7, 8, 9};
    private static Environment env;
    private static SessionOptions options;

    @BeforeAll
    static void open() {
        env = Environment.create();
        options = SessionOptions.create().intraOpThreads(1);
    }

    @AfterAll
    static void close() {
        options.close();
        env.close();
    }

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
        try (Session prefill = env.createSession(OracleGraphs.prefill(first, LAYERS, WIDTH), options);
             Session step = env.createSession(OracleGraphs.step(table, PHONES.length, LAYERS, WIDTH), options)) {
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
}
