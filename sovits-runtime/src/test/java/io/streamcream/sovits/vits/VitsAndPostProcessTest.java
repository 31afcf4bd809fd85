package io.streamcream.sovits.vits;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.sovits.audio.ReferenceFeatures;
import io.streamcream.sovits.audio.WavEncoder;
import io.streamcream.sovits.testing.OrtSessions;
import io.streamcream.sovits.testing.TinyGraphs;

class VitsAndPostProcessTest {
    @RegisterExtension
    static final OrtSessions ORT = new OrtSessions();
    private static final ReferenceFeatures REF = new ReferenceFeatures(new long[] {1}, new float[1025 * 3], 3);

    @ParameterizedTest(name = "speed {0}")
    @CsvSource({"1.0,20", "1.5,14", "0.5,41", "2.0,11"})
    void noiseHasTheSpeedAdjustedLengthScaleAndSeed(double speed, int frames) {
        assertThat(VitsDecoder.latentFrames(10, speed), is(frames));
        try (Session s = ORT.open(TinyGraphs.vitsNoiseEcho())) {
            VitsDecoder vits = new VitsDecoder(s, TinyGraphs.NOISE);
            long[] codes = new long[10];
            float[] a = vits.decode(codes, new long[] {1, 2}, REF, speed, new SplittableRandom(7));
            float[] b = vits.decode(codes, new long[] {1, 2}, REF, speed, new SplittableRandom(7));
            float[] c = vits.decode(codes, new long[] {1, 2}, REF, speed, new SplittableRandom(8));
            assertThat(a.length, is(TinyGraphs.NOISE * frames));
            assertThat(a, is(b));
            assertThat(a, is(not(c)));
        }
    }

    @Test
    void noiseIsNormalWithScaleOneHalf() {
        try (Session s = ORT.open(TinyGraphs.vitsNoiseEcho())) {
            float[] a = new VitsDecoder(s, TinyGraphs.NOISE).decode(new long[20000], new long[] {1}, REF, 1.0, new SplittableRandom(1));
            double sum = 0;
            double sq = 0;
            for (float v : a) {
                sum += v;
                sq += v * v;
            }
            double mean = sum / a.length;
            double std = Math.sqrt(sq / a.length - mean * mean);
            assertThat("mean within 5σ/√n", mean, closeTo(0, 5 * 0.5 / Math.sqrt(a.length)));
            assertThat(std, closeTo(0.5, 0.005));
        }
    }

    @Test
    void theTinyVitsRepeatsEachCode1280Times() {
        try (Session s = ORT.open(TinyGraphs.vits())) {
            float[] a = new VitsDecoder(s, TinyGraphs.NOISE).decode(new long[] {500, 250}, new long[] {1}, REF, 1.0, new SplittableRandom(1));
            assertThat(a.length, is(2 * VitsDecoder.SAMPLES_PER_TOKEN));
            assertThat(a[0], is(0.5f));
            assertThat(a[1279], is(0.5f));
            assertThat(a[1280], is(0.25f));
            assertThat(assertThrows(IllegalArgumentException.class,
                    () -> new VitsDecoder(s, 3).decode(new long[] {1}, new long[] {1}, REF, 0, new SplittableRandom(1))).getMessage(),
                    containsString("speed_factor must be > 0"));
        }
    }

    @Test
    void int16ConversionClampsInsteadOfWrapping() {
        assertThat(PostProcess.toPcm16(1.0f), is((short) 32767));
        assertThat(PostProcess.toPcm16(-1.0f), is((short) -32768));
        assertThat(PostProcess.toPcm16(-1.5f), is((short) -32768));
        assertThat(PostProcess.toPcm16(0.5f), is((short) 16384));
        assertThat("truncation toward zero", PostProcess.toPcm16(-0.00003f), is((short) 0));
        assertThat(PostProcess.toPcm16(0.99999f), is((short) 32767));
        assertThat(PostProcess.toPcm16(Float.NaN), is((short) 0));
    }

    @Test
    void fragmentsArePeakNormalisedAndFollowedBySilence() {
        short[] loud = PostProcess.fragment(new float[] {2f, -1f, 0.5f}, 32000, 0.3);
        assertThat(loud.length, is(3 + 9600));
        assertThat(loud[0], is((short) 32767));
        assertThat(loud[1], is((short) -16384));
        assertThat(loud[2], is((short) 8192));
        assertThat(loud[9602], is((short) 0));
        short[] quiet = PostProcess.fragment(new float[] {0.25f, 1f}, 32000, 0);
        assertThat("peaks up to 1 are left alone", quiet, is(new short[] {8192, 32767}));
        assertThat(PostProcess.silenceSamples(32000, 0.35), is(11200));
        assertThrows(IllegalArgumentException.class, () -> PostProcess.silenceSamples(32000, -1));
    }

    @Test
    void theStreamingWavHeaderMatchesApiV2() {
        assertThat(HexFormat.of().formatHex(WavEncoder.header(32000, 0)),
                is("524946462400000057415645666d74201000000001000100007d000000fa00000200100064617461" + "00000000"));
        assertThat(WavEncoder.wav(new short[] {1, -2}, 32000).length, is(48));
    }
}
