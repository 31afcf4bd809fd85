package io.streamcream.sovits.audio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.streamcream.sovits.testing.Wavs;

/**
 * Resampler and spectrogram against analytic signals. Tolerances: pass-band sines within 1e-3 of the exact sine away
 * from the ends (where the zero extension is felt), stop-band sines below 1e-3, DC within 1e-4; spectrogram values
 * within 1e-3 relative of the closed forms of a Hann-windowed DFT.
 */
class DspGoldenTest {
    private static final int EDGE = 400;

    @ParameterizedTest(name = "{0} Hz sine {1} → {2}")
    @CsvSource({"1000,48000,16000", "5000,48000,16000", "3000,44100,32000", "5000,16000,32000", "6000,22050,16000", "440,32000,16000", "1000,11025,32000"})
    void passBandSinesComeOutAsTheSameSine(double freq, int in, int out) {
        float[] x = Wavs.sine(freq, 0.8, in, in);
        float[] y = Resampler.resample(x, in, out);
        assertThat(y.length, is((int) Math.ceil((double) x.length * out / in)));
        double worst = 0;
        for (int j = EDGE; j < y.length - EDGE; j++) {
            worst = Math.max(worst, Math.abs(y[j] - 0.8 * Math.sin(2 * Math.PI * freq * j / out)));
        }
        assertThat(worst, lessThan(1e-3));
    }

    @ParameterizedTest(name = "{0} Hz sine {1} → {2} is removed")
    @CsvSource({"12000,48000,16000", "9000,48000,16000", "20000,44100,32000", "10000,32000,16000"})
    void stopBandSinesAreRemoved(double freq, int in, int out) {
        float[] y = Resampler.resample(Wavs.sine(freq, 1.0, in, in), in, out);
        double worst = 0;
        for (int j = EDGE; j < y.length - EDGE; j++) {
            worst = Math.max(worst, Math.abs(y[j]));
        }
        assertThat(worst, lessThan(1e-3));
    }

    @Test
    void dcIsKeptAndAnImpulseKeepsItsAreaAndPosition() {
        float[] dc = new float[48000];
        java.util.Arrays.fill(dc, 0.5f);
        float[] y = Resampler.resample(dc, 48000, 16000);
        for (int j = EDGE; j < y.length - EDGE; j++) {
            assertThat((double) y[j], closeTo(0.5, 1e-4));
        }
        float[] impulse = new float[4800];
        impulse[2400] = 1f;
        float[] z = Resampler.resample(impulse, 48000, 16000);
        double sum = 0;
        int peak = 0;
        for (int j = 0; j < z.length; j++) {
            sum += z[j];
            if (Math.abs(z[j]) > Math.abs(z[peak])) {
                peak = j;
            }
        }
        assertThat("area 1/3 (each output sample stands for 3 input samples)", sum, closeTo(1.0 / 3, 1e-4));
        assertThat(peak, is(800));
        assertThat((double) z[peak], closeTo(Resampler.ROLLOFF / 3, 1e-4));
    }

    @Test
    void sameRateIsACopy() {
        float[] x = {1f, 2f, 3f};
        float[] y = Resampler.resample(x, 16000, 16000);
        assertThat(y, is(x));
    }

    @Test
    void spectrogramFramesAndABinCentredSine() {
        int n = 32000;
        float[][] s = Spectrogram.magnitude(Wavs.sine(1000, 0.5, 32000, n));
        assertThat(s.length, is(1025));
        assertThat(s[0].length, is((n + 1408 - 2048) / 640 + 1));
        for (int f = 3; f < s[0].length - 3; f++) {
            assertThat("A·N/4 at the sine's bin (64)", (double) s[64][f], closeTo(256, 0.256));
            assertThat("A·N/8 at the neighbours", (double) s[63][f], closeTo(128, 0.128));
            assertThat((double) s[65][f], closeTo(128, 0.128));
            assertThat("nothing far away", (double) s[300][f], lessThan(1e-3));
        }
    }

    @Test
    void spectrogramOfDcAndOfImpulses() {
        float[] dc = new float[20000];
        java.util.Arrays.fill(dc, 0.25f);
        float[][] s = Spectrogram.magnitude(dc);
        assertThat((double) s[0][10], closeTo(0.25 * 1024, 1e-3));
        assertThat((double) s[1][10], closeTo(0.25 * 512, 1e-3));
        assertThat("sqrt(1e-8) floor", (double) s[2][10], closeTo(1e-4, 1e-5));

        float[] impulse = new float[20000];
        impulse[5000] = 1f;
        float[][] t = Spectrogram.magnitude(impulse);
        double w = hann(5000 + 704 - 7 * 640);
        for (int k = 0; k < 1025; k += 97) {
            assertThat("a single impulse has a flat spectrum w[offset]", (double) t[k][7], closeTo(w, 1e-6));
        }

        float[] early = new float[20000];
        early[100] = 1f;
        float[][] u = Spectrogram.magnitude(early);
        assertThat("reflect padding mirrors sample 100 to padded index 604", (double) u[0][0], closeTo(hann(804) + hann(604), 1e-6));
        double dphase = 2 * Math.PI * 5 * 200 / 2048.0;
        double expected = Math.sqrt(Math.pow(hann(804) + hann(604) * Math.cos(dphase), 2) + Math.pow(hann(604) * Math.sin(dphase), 2));
        assertThat((double) u[5][0], closeTo(expected, 1e-6));
    }

    private static double hann(int i) {
        return 0.5 - 0.5 * Math.cos(2 * Math.PI * i / 2048);
    }
}
