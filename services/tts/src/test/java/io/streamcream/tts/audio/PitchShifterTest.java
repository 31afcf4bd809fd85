package io.streamcream.tts.audio;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

class PitchShifterTest {

    private static final int RATE = 32_000;

    private static PcmAudio sine(double hertz, double seconds) {
        short[] samples = new short[(int) (RATE * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Wav.toShort(0.5 * Math.sin(2 * Math.PI * hertz * i / RATE));
        }
        return new PcmAudio(RATE, samples);
    }

    /** Frequency from positive-going zero crossings in the middle half (edges have ramps). */
    private static double frequency(PcmAudio audio) {
        short[] s = audio.samples();
        int from = s.length / 4;
        int to = 3 * s.length / 4;
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings / ((last - first) / (double) RATE);
    }

    private static double rms(PcmAudio audio) {
        double sum = 0;
        for (short v : audio.samples()) {
            sum += (v / 32768.0) * (v / 32768.0);
        }
        return Math.sqrt(sum / audio.samples().length);
    }

    @Test
    void anOctaveUpDoublesThePitchAndKeepsTheLength() {
        PcmAudio input = sine(220, 2.0);
        PcmAudio up = PitchShifter.shift(input, 12);
        assertThat(up.samples().length, is(input.samples().length));
        assertThat(frequency(up), closeTo(440, 440 * 0.02));
        assertThat(rms(up), closeTo(rms(input), rms(input) * 0.2));
    }

    @Test
    void anOctaveDownHalvesIt() {
        PcmAudio down = PitchShifter.shift(sine(440, 2.0), -12);
        assertThat(down.samples().length, is(64_000));
        assertThat(frequency(down), closeTo(220, 220 * 0.02));
    }

    @Test
    void smallShiftsFollowTheSemitoneScale() {
        assertThat(frequency(PitchShifter.shift(sine(300, 1.5), 3)), closeTo(300 * Math.pow(2, 3 / 12.0), 300 * 0.02));
        assertThat(frequency(PitchShifter.shift(sine(300, 1.5), -5)), closeTo(300 * Math.pow(2, -5 / 12.0), 300 * 0.02));
    }

    @Test
    void zeroIsTheIdentity() {
        PcmAudio input = sine(220, 0.5);
        assertThat(PitchShifter.shift(input, 0), sameInstance(input));
    }

    @Test
    void wavRoundTripsAndAcceptsTheStreamingHeader() {
        PcmAudio input = sine(220, 0.25);
        byte[] wav = Wav.encode(input);
        assertThat(wav.length, is(44 + input.samples().length * 2));
        PcmAudio back = Wav.decode(wav);
        assertThat(back.sampleRate(), is(RATE));
        assertThat(back.samples(), is(input.samples()));
        // GPT-SoVITS' streaming form: data size 0, the PCM follows anyway.
        java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, 0).putInt(4, 36);
        assertThat(Wav.decode(wav).samples().length, is(input.samples().length));
    }
}
