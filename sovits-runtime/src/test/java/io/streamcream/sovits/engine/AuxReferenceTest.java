package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.sovits.audio.ReferenceAudioException;
import io.streamcream.sovits.audio.Resampler;
import io.streamcream.sovits.audio.Spectrogram;
import io.streamcream.sovits.audio.WavDecoder;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyGraphs;
import io.streamcream.sovits.testing.Wavs;
import io.streamcream.sovits.text.CmuDict;

/**
 * Timbre fusion ({@code aux_ref_audio_paths}): with the reference encoder split out of {@code vits}, the style vectors
 * of the main and auxiliary references are averaged; without the split a request with auxiliary references is refused.
 */
class AuxReferenceTest {
    private static final EngineConfig CONFIG = new EngineConfig(1, 4, 1, false, 8, 1, CmuDict.empty());
    private static final byte[] MAIN = Wavs.pcm16(Wavs.sine(440, 0.3, 16_000, 56_000), 16_000);
    private static final byte[] QUIET = Wavs.pcm16(Wavs.sine(220, 0.1, 16_000, 32_000), 16_000);
    private static final byte[] LOUD = Wavs.pcm16(Wavs.sine(880, 0.6, 24_000, 12_000), 24_000);

    private static TtsRequest request(List<byte[]> aux) {
        return TtsRequest.builder().text("今天天气很好！", "zh").reference(MAIN, "我是白夜", "zh").auxReferences(aux)
                .sampling(SamplingParams.defaults().with(1, 1.0, 1.0, 1.35, 42)).fragmentInterval(0).build();
    }

    /** The tiny ref_encoder's style value for a recording: the scaled mean of its 32 kHz magnitude spectrogram. */
    private static double style(byte[] wav) {
        var audio = WavDecoder.decode(wav);
        float[][] spec = Spectrogram.magnitude(Resampler.resample(audio.mono(), audio.sampleRate(), 32_000));
        double sum = 0;
        for (float[] row : spec) {
            for (float v : row) {
                sum += v;
            }
        }
        return sum / (spec.length * (double) spec[0].length) * TinyGraphs.STYLE_SCALE;
    }

    @Test
    void theStylesOfAllReferencesAreAveraged(@TempDir Path root) throws Exception {
        TestBundles.writeSplitVoice(root, "fused", TestBundles.splitManifest("fused"), 8);
        try (SovitsEngine engine = SovitsEngine.open(root, CONFIG)) {
            Voice voice = engine.voice("fused");
            short[] alone = voice.synthesize(request(List.of()));
            short[] fused = voice.synthesize(request(List.of(QUIET, LOUD)));
            assertThat(fused.length, is(alone.length));
            double expectedAlone = style(MAIN);
            double expectedFused = (style(MAIN) + style(QUIET) + style(LOUD)) / 3;
            assertThat(alone[0] / 32768.0, closeTo(expectedAlone, 2 / 32768.0));
            assertThat(fused[0] / 32768.0, closeTo(expectedFused, 2 / 32768.0));
            assertThat(fused[fused.length - 1], is(fused[0]));
            assertThat("the fusion changes the voice", Math.abs(fused[0] - alone[0]) > 10, is(true));
            // Auxiliary references are cached: the same request again gives the same audio.
            assertThat(voice.synthesize(request(List.of(QUIET, LOUD))), is(fused));
        }
    }

    @Test
    void aVoiceWithoutASplitReferenceEncoderRefusesAuxiliaryReferences(@TempDir Path root) throws Exception {
        TestBundles.writeVoice(root, "plain", TestBundles.manifest("plain"), 8);
        try (SovitsEngine engine = SovitsEngine.open(root, CONFIG)) {
            Voice voice = engine.voice("plain");
            ReferenceAudioException e = assertThrows(ReferenceAudioException.class,
                    () -> voice.synthesize(request(List.of(QUIET))));
            assertThat(e.getMessage(), containsString("voice \"plain\" cannot fuse aux_ref_audio_paths: its bundle has no "
                    + "ref_encoder graph"));
            assertThat("without auxiliary references it works", voice.synthesize(request(List.of())).length > 0, is(true));
        }
    }

    @Test
    void unusableAuxiliaryReferencesFailTheRequest(@TempDir Path root) throws Exception {
        TestBundles.writeSplitVoice(root, "fused", TestBundles.splitManifest("fused"), 8);
        try (SovitsEngine engine = SovitsEngine.open(root, CONFIG)) {
            Voice voice = engine.voice("fused");
            byte[] blip = Wavs.pcm16(Wavs.sine(440, 0.3, 16_000, 800), 16_000);
            assertThat(assertThrows(ReferenceAudioException.class, () -> voice.synthesize(request(List.of(blip))))
                    .getMessage(), containsString("辅助参考音频太短"));
            assertThrows(ReferenceAudioException.class,
                    () -> voice.synthesize(request(List.of(new byte[] {'R', 'I', 'F', 'F', 0, 0}))));
        }
    }
}
