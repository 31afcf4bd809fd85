package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;

/** SOLA alignment and the aligned join, on signals whose correct shift is known. */
class SolaTest {

    /** A non-periodic test signal: three sines at incommensurate frequencies (32 kHz). */
    private static double signal(double t) {
        return 0.5 * Math.sin(2 * Math.PI * 220 * t / 32_000) + 0.3 * Math.sin(2 * Math.PI * 347.3 * t / 32_000 + 1)
                + 0.2 * Math.sin(2 * Math.PI * 911.7 * t / 32_000 + 2);
    }

    /** {@code signal} from sample {@code start} on. */
    private static float[] samples(int start, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) signal(start + i);
        }
        return out;
    }

    @Test
    void theShiftIsWhereTheNextChunkIsInPhaseWithTheTail() {
        float[] tail = samples(10_000, 1280);
        for (int lag : new int[] {0, 1, 37, 137, 319, 320}) {
            // The next chunk's audio runs `lag` samples late: the tail's first sample is at index `lag`.
            float[] next = samples(10_000 - lag, 1280 + 2000);
            assertThat("lag " + lag, Sola.shift(tail, 0, next, 0, 1280, 320), is(lag));
        }
    }

    @Test
    void theShiftStaysInsideTheSearchAndTheAudioAndIsZeroWithoutAnythingToCompare() {
        float[] tail = samples(10_000, 640);
        float[] late = samples(10_000 - 500, 640 + 2000);
        int found = Sola.shift(tail, 0, late, 0, 640, 320);
        assertThat(found <= 320, is(true));
        // Only 100 samples after the window: the shift cannot exceed them.
        assertThat(Sola.shift(tail, 0, samples(10_000 - 300, 740), 0, 640, 320) <= 100, is(true));
        assertThat(Sola.shift(new float[0], 0, samples(0, 100), 0, 0, 320), is(0));
        assertThat(Sola.shift(tail, 0, samples(10_000, 640), 0, 640, 320), is(0));
        // Silence in both: every shift scores 0, the smallest wins.
        assertThat(Sola.shift(new float[640], 0, new float[2000], 0, 640, 320), is(0));
    }

    @Test
    void searchScalesWithTheRateFromUpstreams320SamplesAt32kHz() {
        assertThat(Sola.searchSamples(32_000), is(320));
        assertThat(Sola.searchSamples(48_000), is(480));
        assertThat(Sola.searchSamples(16_000), is(160));
    }

    @Test
    void anAlignedJoinContinuesTheWaveformWhereAPlainCrossFadeCancelsIt() {
        // The previous chunk held back the audio of samples 20 000..21 280. The next chunk decoded those samples
        // again as its context, but its waveform runs 68 samples late (half a period of 220 Hz is ~73 samples).
        int lag = 68;
        float[] held = samples(20_000, 1280);
        float[] next = samples(20_000 - lag, 1280 + 4000);
        int end = 1280 + 3000;

        float[] aligned = Voice.join(held, next, 1280, end, 320);
        assertThat(aligned.length, is(1280 + end - 1280 - lag));
        double worstAligned = 0;
        for (int i = 0; i < aligned.length; i++) {
            worstAligned = Math.max(worstAligned, Math.abs(aligned[i] - signal(20_000 + i)));
        }
        assertThat(worstAligned, lessThan(1e-4));

        float[] plain = Voice.join(held, next, 1280, end, 0);
        double worstPlain = 0;
        for (int i = 0; i < 1280; i++) {
            worstPlain = Math.max(worstPlain, Math.abs(plain[i] - signal(20_000 + i)));
        }
        assertThat("without alignment the fade mixes waveforms out of phase", worstPlain, greaterThan(0.3));
    }

    @Test
    void identicalAudioInTheOverlapJoinsWithoutAShiftEvenForAPeriodicSignal() {
        // A pure tone repeats every 100 samples; the exact match at 0 must win over its repetitions.
        float[] tone = new float[6000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * i / 100.0);
        }
        float[] held = java.util.Arrays.copyOfRange(tone, 1000, 2280);
        float[] next = java.util.Arrays.copyOfRange(tone, 1000, 6000);
        float[] out = Voice.join(held, next, 1280, 4000, 320);
        assertThat(out.length, is(4000));
        for (int i = 0; i < out.length; i++) {
            assertThat((double) out[i], closeTo(tone[1000 + i], 1e-5));
        }
    }
}
