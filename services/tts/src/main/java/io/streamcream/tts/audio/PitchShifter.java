package io.streamcream.tts.audio;

/**
 * Shifts the pitch of speech by a number of semitones without changing its length: a WSOLA time
 * stretch by the pitch factor (waveform-similarity overlap-add keeps the pitch while changing the
 * length), then a windowed-sinc resampling by the same factor (which restores the length and moves
 * the pitch).
 *
 * <p>Written here rather than through an FFmpeg filter graph because it is short, allocation-light
 * and needs no native library in the TTS service; tests check it on analytic signals.
 */
public final class PitchShifter {

    private static final int SINC_HALF_TAPS = 16;

    private PitchShifter() {
    }

    /**
     * @param audio     mono PCM
     * @param semitones −12 … 12
     * @return the shifted audio, as long as the input
     */
    public static PcmAudio shift(PcmAudio audio, double semitones) {
        if (Math.abs(semitones) < 1e-6 || audio.samples().length == 0) {
            return audio;
        }
        double factor = Math.pow(2.0, semitones / 12.0);
        double[] input = new double[audio.samples().length];
        for (int i = 0; i < input.length; i++) {
            input[i] = audio.samples()[i] / 32768.0;
        }
        double[] stretched = stretch(input, factor, audio.sampleRate());
        double[] shifted = resample(stretched, factor, input.length);
        short[] out = new short[input.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Wav.toShort(shifted[i]);
        }
        return new PcmAudio(audio.sampleRate(), out);
    }

    /** WSOLA: output is {@code factor} times as long, same pitch. */
    static double[] stretch(double[] input, double factor, int sampleRate) {
        int frame = Math.max(64, (int) Math.round(sampleRate * 0.03) & ~1);
        int hopOut = frame / 2;
        double hopIn = hopOut / factor;
        int tolerance = frame / 4;
        double[] window = new double[frame];
        for (int i = 0; i < frame; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / frame);
        }
        int outLength = (int) Math.ceil(input.length * factor);
        double[] out = new double[outLength + frame];
        double[] weight = new double[outLength + frame];
        int previous = 0;
        for (int k = 0; k * hopOut < outLength; k++) {
            int nominal = (int) Math.round(k * hopIn);
            int chosen = k == 0 ? 0 : bestOffset(input, previous + hopOut, nominal, tolerance, hopOut);
            int outAt = k * hopOut;
            for (int i = 0; i < frame && outAt + i < out.length; i++) {
                out[outAt + i] += sample(input, chosen + i) * window[i];
                weight[outAt + i] += window[i];
            }
            previous = chosen;
        }
        double[] result = new double[outLength];
        for (int i = 0; i < outLength; i++) {
            result[i] = weight[i] > 1e-3 ? out[i] / weight[i] : out[i];
        }
        return result;
    }

    /** The start near {@code nominal} whose first half best continues the previous frame. */
    private static int bestOffset(double[] input, int natural, int nominal, int tolerance, int length) {
        int best = nominal;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int candidate = nominal - tolerance; candidate <= nominal + tolerance; candidate++) {
            if (candidate < 0) {
                continue;
            }
            double score = 0;
            for (int i = 0; i < length; i++) {
                score += sample(input, natural + i) * sample(input, candidate + i);
            }
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    /** Reads {@code input} at steps of {@code step}, band-limited when the step exceeds one. */
    static double[] resample(double[] input, double step, int outLength) {
        double cutoff = Math.min(1.0, 1.0 / step);
        int halfTaps = (int) Math.ceil(SINC_HALF_TAPS / cutoff);
        double[] out = new double[outLength];
        for (int j = 0; j < outLength; j++) {
            double t = j * step;
            int center = (int) Math.floor(t);
            double sum = 0;
            for (int k = center - halfTaps + 1; k <= center + halfTaps; k++) {
                double x = t - k;
                double windowed = 0.5 + 0.5 * Math.cos(Math.PI * x / (halfTaps + 1));
                sum += sample(input, k) * cutoff * sinc(cutoff * x) * windowed;
            }
            out[j] = sum;
        }
        return out;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-9) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    private static double sample(double[] signal, int index) {
        return index >= 0 && index < signal.length ? signal[index] : 0.0;
    }
}
