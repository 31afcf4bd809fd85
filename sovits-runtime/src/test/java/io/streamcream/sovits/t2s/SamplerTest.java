package io.streamcream.sovits.t2s;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final int DRAWS = 100_000;
    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, -1.0f, 1.5f};

    private static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            p[i] = Double.isInfinite(l[i]) ? 0 : Math.exp(l[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static void assertDistribution(Sampler sampler, float[] logits, int width, double[] expected) {
        int[] counts = new int[width];
        for (int i = 0; i < DRAWS; i++) {
            counts[sampler.sample(logits, width)]++;
        }
        for (int i = 0; i < width; i++) {
            double p = expected[i];
            double sigma = Math.sqrt(Math.max(p * (1 - p), 1e-12) / DRAWS);
            assertThat("token " + i, counts[i] / (double) DRAWS, closeTo(p, 5 * sigma + 1e-9));
        }
    }

    @Test
    void temperatureAndTopK() {
        // top_k = 3 keeps 2.0, 1.5, 1.0; temperature 0.7 sharpens
        Sampler s = new Sampler(new SamplingParams(3, 1.0, 0.7, 1.0, 1, 11, 1500), 5);
        double inf = Double.NEGATIVE_INFINITY;
        double[] expected = softmax(new double[] {2.0 / 0.7, 1.0 / 0.7, inf, inf, 1.5 / 0.7});
        assertDistribution(s, LOGITS, 5, expected);
    }

    @Test
    void topPIsAppliedBeforeTemperature() {
        // softmax(raw) sorted: 2.0 (.445), 1.5 (.270), 1.0 (.164), ...: cumulative .445 .715 .879 ...
        // top_p 0.75 removes tokens whose cumulative mass exceeds 0.75 -> {0, 4} stay; temperature 2 then flattens
        Sampler s = new Sampler(new SamplingParams(0, 0.75, 2.0, 1.0, 2, 11, 1500), 5);
        double[] raw = softmax(new double[] {2.0, 1.0, 0.5, -1.0, 1.5});
        assertThat(raw[0] + raw[4] <= 0.75, is(true));
        assertThat(raw[0] + raw[4] + raw[1] > 0.75, is(true));
        double inf = Double.NEGATIVE_INFINITY;
        assertDistribution(s, LOGITS, 5, softmax(new double[] {1.0, inf, inf, inf, 0.75}));
    }

    @Test
    void topPAlwaysKeepsTheBestToken() {
        Sampler s = new Sampler(new SamplingParams(0, 0.01, 1.0, 1.0, 3, 11, 1500), 5);
        for (int i = 0; i < 1000; i++) {
            assertThat(s.sample(LOGITS, 5), is(0));
        }
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOncePerDistinctToken() {
        Sampler s = new Sampler(new SamplingParams(0, 1.0, 1.0, 2.0, 4, 11, 1500), 5);
        s.remember(0);
        s.remember(0);
        s.remember(3);
        assertDistribution(s, LOGITS, 5, softmax(new double[] {1.0, 1.0, 0.5, -2.0, 1.5}));
        assertThat(s.lastArgmax(), is(4));
    }

    @Test
    void widthExcludesEos() {
        Sampler s = new Sampler(new SamplingParams(0, 1.0, 1.0, 1.0, 5, 11, 1500), 5);
        float[] logits = {0f, 0f, 0f, 0f, 50f};
        for (int i = 0; i < 2000; i++) {
            assertThat(s.sample(logits, 4) < 4, is(true));
        }
        assertThat(s.sample(logits, 5), is(4));
    }

    @Test
    void seedsReproduce() {
        SamplingParams params = new SamplingParams(0, 1.0, 1.0, 1.0, 1234, 11, 1500);
        Sampler a = new Sampler(params, 5);
        Sampler b = new Sampler(params, 5);
        for (int i = 0; i < 500; i++) {
            assertThat(a.sample(LOGITS, 5), is(b.sample(LOGITS, 5)));
        }
    }
}
