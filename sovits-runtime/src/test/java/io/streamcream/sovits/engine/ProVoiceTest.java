package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.sovits.audio.KaldiFbank;
import io.streamcream.sovits.audio.ReferenceFeatures;
import io.streamcream.sovits.audio.ReferenceGraphs;
import io.streamcream.sovits.audio.Resampler;
import io.streamcream.sovits.audio.WavDecoder;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.testing.OrtSessions;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyGraphs;
import io.streamcream.sovits.testing.Wavs;
import io.streamcream.sovits.text.CmuDict;
import io.streamcream.sovits.vits.VitsDecoder;

/**
 * v2Pro voices: the reference's 16 kHz audio goes through Kaldi fbank and the {@code sv} graph, and the embedding
 * reaches the {@code vits} graph as {@code sv_emb}.
 */
class ProVoiceTest {
    @RegisterExtension
    static final OrtSessions ORT = new OrtSessions();
    /** 3.5 s of a 440 Hz tone at 16 kHz, level 0.3. */
    private static final byte[] REFERENCE = Wavs.pcm16(Wavs.sine(440, 0.3, 16_000, 56_000), 16_000);

    /** The mean fbank row the tiny sv graph should return, computed here from the public DSP pieces. */
    private static float[] expectedEmbedding(byte[] wav) {
        var audio = WavDecoder.decode(wav);
        float[] at32k = Resampler.resample(audio.mono(), audio.sampleRate(), 32_000);
        float[] fbank = KaldiFbank.compute(Resampler.resample(at32k, 32_000, 16_000));
        int frames = fbank.length / KaldiFbank.MEL_BINS;
        float[] mean = new float[KaldiFbank.MEL_BINS];
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < KaldiFbank.MEL_BINS; m++) {
                mean[m] += fbank[t * KaldiFbank.MEL_BINS + m] / frames;
            }
        }
        return mean;
    }

    @Test
    void theReferenceCarriesTheSpeakerEmbeddingOfItsFbank() {
        try (Session ssl = ORT.open(TinyGraphs.ssl());
             Session vq = ORT.open(TinyGraphs.vqEncoder());
             Session sv = ORT.open(TinyGraphs.sv())) {
            ReferenceFeatures pro = ReferenceFeatures.extract(REFERENCE, new ReferenceGraphs(ssl, vq, sv, null, 32_000));
            ReferenceFeatures v2 = ReferenceFeatures.extract(REFERENCE, new ReferenceGraphs(ssl, vq, null, null, 32_000));
            float[] expected = expectedEmbedding(REFERENCE);
            assertThat(pro.svEmbedding().length, is(TinyGraphs.SV_WIDTH));
            for (int m = 0; m < expected.length; m++) {
                assertThat("bin " + m, (double) pro.svEmbedding()[m], closeTo(expected[m], 1e-3));
            }
            assertThat(v2.svEmbedding().length, is(0));
            assertThat(pro.promptTokens(), is(v2.promptTokens()));
            assertThat(pro.referSpec(), is(v2.referSpec()));
        }
    }

    @Test
    void vitsReceivesTheEmbeddingAsSvEmb() {
        float[] embedding = new float[TinyGraphs.SV_WIDTH];
        java.util.Arrays.fill(embedding, 0.25f);
        ReferenceFeatures ref = new ReferenceFeatures(new long[] {1}, new float[1025 * 3], 3, embedding, new float[0]);
        try (Session pro = ORT.open(TinyGraphs.vitsPro())) {
            float[] audio = new VitsDecoder(pro, TinyGraphs.NOISE).decode(new long[] {100, 200}, new long[] {1, 2}, ref, 1.0,
                    new SplittableRandom(1));
            assertThat(audio.length, is(2 * 1280));
            assertThat((double) audio[0], closeTo(0.1 + 0.25, 1e-6));
            assertThat((double) audio[1280], closeTo(0.2 + 0.25, 1e-6));
        }
    }

    @Test
    void aV2ProVoiceSynthesizesWithItsSpeakerEmbedding(@TempDir Path root) throws Exception {
        TestBundles.writeProVoice(root, "pro", TestBundles.proManifest("pro"), 8);
        TestBundles.writeVoice(root, "twin", TestBundles.manifest("twin"), 8);
        EngineConfig config = new EngineConfig(1, 0, 1, false, 8, 1, CmuDict.empty());
        try (SovitsEngine engine = SovitsEngine.open(root, config)) {
            TtsRequest request = TtsRequest.builder().text("今天天气很好！", "zh").reference(REFERENCE, "我是白夜", "zh")
                    .sampling(SamplingParams.defaults().with(1, 1.0, 1.0, 1.35, 42)).build();
            short[] pro = engine.voice("pro").synthesize(request);
            short[] twin = engine.voice("twin").synthesize(request);
            assertThat(pro.length, is(twin.length));
            assertThat(pro, is(not(twin)));
        }
    }
}
