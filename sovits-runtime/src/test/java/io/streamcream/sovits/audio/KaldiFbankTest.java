package io.streamcream.sovits.audio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** Kaldi fbank against what follows from its definition: frame count, floors, tone position, scaling, filters. */
class KaldiFbankTest {
    private static final double FLOOR = Math.log(Math.ulp(1.0f));

    private static float[] tone(double hz, double amplitude, int samples) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / KaldiFbank.SAMPLE_RATE));
        }
        return out;
    }

    @Test
    void framesAre25MillisecondsEvery10WithoutPadding() {
        assertThat(KaldiFbank.frames(16_000), is(98));
        assertThat(KaldiFbank.frames(400), is(1));
        assertThat(KaldiFbank.frames(399), is(0));
        assertThat(KaldiFbank.compute(new float[16_000]).length, is(98 * 80));
        assertThat(KaldiFbank.compute(new float[100]).length, is(0));
    }

    @Test
    void silenceAndAConstantOffsetSitAtTheLogFloor() {
        float[] constant = new float[4_000];
        java.util.Arrays.fill(constant, 0.25f);
        for (float[] input : new float[][] {new float[4_000], constant}) {
            for (float v : KaldiFbank.compute(input)) {
                assertThat((double) v, closeTo(FLOOR, 1e-6));
            }
        }
    }

    @Test
    void aToneLightsTheFilterCentredNearestToIt() {
        for (double hz : new double[] {300, 1000, 3000, 6000}) {
            float[] fbank = KaldiFbank.compute(tone(hz, 0.5, 8_000));
            int nearest = 0;
            for (int m = 1; m < 80; m++) {
                if (Math.abs(KaldiFbank.centerHz(m) - hz) < Math.abs(KaldiFbank.centerHz(nearest) - hz)) {
                    nearest = m;
                }
            }
            for (int t = 0; t < fbank.length / 80; t++) {
                int best = 0;
                for (int m = 1; m < 80; m++) {
                    if (fbank[t * 80 + m] > fbank[t * 80 + best]) {
                        best = m;
                    }
                }
                assertThat(hz + " Hz, frame " + t, best, is(nearest));
            }
        }
    }

    @Test
    void doublingTheAmplitudeAddsLog4ToEveryBin() {
        float[] quiet = KaldiFbank.compute(tone(1000, 0.1, 4_000));
        float[] loud = KaldiFbank.compute(tone(1000, 0.2, 4_000));
        for (int i = 0; i < quiet.length; i++) {
            if (quiet[i] > FLOOR + 1) {
                assertThat((double) (loud[i] - quiet[i]), closeTo(Math.log(4), 1e-3));
            }
        }
    }

    @Test
    void theFiltersAreTrianglesThatSumToOneBetweenTheFirstAndLastCentre() {
        double binWidth = 16_000.0 / 512;
        for (int k = 0; k < 256; k++) {
            double hz = k * binWidth;
            double sum = 0;
            int nonZero = 0;
            for (int m = 0; m < 80; m++) {
                double w = KaldiFbank.weight(m, k);
                assertThat(w >= 0 && w <= 1, is(true));
                sum += w;
                nonZero += w > 0 ? 1 : 0;
            }
            if (hz > KaldiFbank.centerHz(0) && hz < KaldiFbank.centerHz(79)) {
                assertThat(hz + " Hz", sum, closeTo(1, 1e-9));
                assertThat("at most two filters overlap", nonZero <= 2, is(true));
            }
        }
        assertThat("below 20 Hz nothing", KaldiFbank.weight(0, 0), is(0.0));
        assertThat(KaldiFbank.mel(700), closeTo(1127 * Math.log(2), 1e-9));
    }
}
