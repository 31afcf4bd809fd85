package io.streamcream.sovits.audio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.streamcream.sovits.testing.Wavs;

class WavDecoderTest {
    private static final float[] LEFT = {0f, 0.5f, -0.5f, 0.25f, -1f, 0.999f};
    private static final float[] RIGHT = {1f, -0.5f, 0.5f, 0.25f, 0f, 0.001f};

    @ParameterizedTest(name = "{0}-bit float={1} extensible={2} junk={3}")
    @CsvSource({"16,false,false,false", "24,false,false,true", "32,false,true,false", "32,true,false,true", "16,false,true,true", "32,true,true,false", "8,false,false,false", "64,true,false,true"})
    void decodesEveryEncodingToTheSameSamples(int bits, boolean floats, boolean extensible, boolean junk) {
        WavAudio a = WavDecoder.decode(Wavs.encode(new float[][] {LEFT, RIGHT}, 22050, bits, floats, extensible, junk));
        assertThat(a.sampleRate(), is(22050));
        assertThat(a.channels().length, is(2));
        assertThat(a.frames(), is(LEFT.length));
        double tolerance = bits == 8 ? 1.0 / 128 : bits == 16 ? 1.0 / 32768 : 1e-6;
        for (int i = 0; i < LEFT.length; i++) {
            assertThat((double) a.channels()[0][i], closeTo(LEFT[i], tolerance));
            assertThat((double) a.channels()[1][i], closeTo(RIGHT[i], tolerance));
            assertThat((double) a.mono()[i], closeTo((LEFT[i] + RIGHT[i]) / 2, tolerance));
        }
    }

    @Test
    void pcm16ValuesAreExactFractionsOf32768() {
        WavAudio a = WavDecoder.decode(Wavs.pcm16(new float[] {-1f, 16384 / 32768f, 1f}, 16000));
        assertThat(a.channels()[0][0], is(-1f));
        assertThat(a.channels()[0][1], is(0.5f));
        assertThat("+1.0 is written as 32767", a.channels()[0][2], is(32767 / 32768f));
        assertThat(a.seconds(), closeTo(3 / 16000.0, 1e-12));
    }

    @Test
    void aDataChunkLongerThanTheFileIsReadToTheLastWholeFrame() {
        byte[] wav = Wavs.pcm16(new float[] {0.5f, 0.25f, 0.125f}, 16000);
        byte[] cut = Arrays.copyOf(wav, wav.length - 1);
        assertThat(WavDecoder.decode(cut).frames(), is(2));
    }

    @Test
    void corruptOrUnsupportedFilesGiveClearErrors() {
        assertThat(assertThrows(ReferenceAudioException.class, () -> WavDecoder.decode("ID3 mp3 data here".getBytes())).getMessage(),
                is("reference audio is not a WAV file (no RIFF/WAVE header)"));
        assertThat(assertThrows(ReferenceAudioException.class, () -> WavDecoder.decode(new byte[3])).getMessage(),
                containsString("not a WAV file"));
        byte[] wav = Wavs.pcm16(new float[] {0.1f, 0.2f}, 16000);
        byte[] adpcm = wav.clone();
        adpcm[20] = 2;
        assertThat(assertThrows(ReferenceAudioException.class, () -> WavDecoder.decode(adpcm)).getMessage(),
                containsString("encoding is not supported (format tag 2, 16 bits)"));
        byte[] headerOnly = Arrays.copyOf(wav, 36);
        assertThat(assertThrows(ReferenceAudioException.class, () -> WavDecoder.decode(headerOnly)).getMessage(),
                is("reference audio WAV has no data chunk"));
        byte[] noSamples = Arrays.copyOf(wav, 44);
        assertThat(assertThrows(ReferenceAudioException.class, () -> WavDecoder.decode(noSamples)).getMessage(),
                is("reference audio WAV has no samples"));
    }
}
