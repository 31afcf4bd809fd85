package io.streamcream.sovits.audio;

/**
 * Kaldi log mel filter-bank features, as {@code torchaudio.compliance.kaldi.fbank} computes them with the settings
 * upstream's speaker-verification front end uses ({@code num_mel_bins=80, sample_frequency=16000, dither=0}, every
 * other option at its default): frames of 25 ms every 10 ms without padding ({@code snip_edges}), the frame's mean
 * removed, pre-emphasis 0.97 (the first sample against itself), the Povey window ({@code hann^0.85}), zero padding
 * to 512 points, the power spectrum, 80 triangular filters evenly spaced on the mel scale {@code 1127·ln(1 + f/700)}
 * from 20 Hz to the Nyquist frequency, and the natural logarithm floored at the float epsilon.
 */
public final class KaldiFbank {
    /** Input rate. */
    public static final int SAMPLE_RATE = 16_000;
    /** Filters per frame. */
    public static final int MEL_BINS = 80;
    static final int FRAME_LENGTH = 400;
    static final int FRAME_SHIFT = 160;
    static final int FFT_SIZE = 512;
    static final double LOW_HZ = 20;
    static final double PREEMPHASIS = 0.97;
    /** {@code torch.finfo(torch.float).eps}, the floor before the logarithm. */
    static final double EPSILON = Math.ulp(1.0f);

    private static final double[] WINDOW = new double[FRAME_LENGTH];
    /** Filter weights over FFT bins 0..255 (the Nyquist bin has weight 0 in every filter). */
    private static final double[][] FILTERS = new double[MEL_BINS][FFT_SIZE / 2];

    static {
        for (int i = 0; i < FRAME_LENGTH; i++) {
            WINDOW[i] = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FRAME_LENGTH - 1)), 0.85);
        }
        double low = mel(LOW_HZ);
        double high = mel(SAMPLE_RATE / 2.0);
        double delta = (high - low) / (MEL_BINS + 1);
        double binWidth = (double) SAMPLE_RATE / FFT_SIZE;
        for (int m = 0; m < MEL_BINS; m++) {
            double left = low + m * delta;
            double center = left + delta;
            double right = center + delta;
            for (int k = 0; k < FFT_SIZE / 2; k++) {
                double f = mel(k * binWidth);
                double up = (f - left) / (center - left);
                double down = (right - f) / (right - center);
                FILTERS[m][k] = Math.max(0, Math.min(up, down));
            }
        }
    }

    private KaldiFbank() {
    }

    /**
     * @param hz frequency
     * @return Kaldi's mel value
     */
    static double mel(double hz) {
        return 1127.0 * Math.log(1 + hz / 700.0);
    }

    /**
     * @param samples 16 kHz audio in [-1, 1]
     * @return row-major {@code [frames, 80]}; {@code frames = 1 + (n − 400) / 160}, 0 when shorter than one frame
     */
    public static float[] compute(float[] samples) {
        int frames = frames(samples.length);
        float[] out = new float[frames * MEL_BINS];
        double[] re = new double[FFT_SIZE];
        double[] im = new double[FFT_SIZE];
        double[] power = new double[FFT_SIZE / 2];
        for (int t = 0; t < frames; t++) {
            int start = t * FRAME_SHIFT;
            double mean = 0;
            for (int i = 0; i < FRAME_LENGTH; i++) {
                mean += samples[start + i];
            }
            mean /= FRAME_LENGTH;
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            double previous = samples[start] - mean;
            for (int i = 0; i < FRAME_LENGTH; i++) {
                double x = samples[start + i] - mean;
                re[i] = (x - PREEMPHASIS * previous) * WINDOW[i];
                previous = x;
            }
            Spectrogram.fft(re, im);
            for (int k = 0; k < FFT_SIZE / 2; k++) {
                power[k] = re[k] * re[k] + im[k] * im[k];
            }
            for (int m = 0; m < MEL_BINS; m++) {
                double energy = 0;
                double[] filter = FILTERS[m];
                for (int k = 0; k < filter.length; k++) {
                    energy += filter[k] * power[k];
                }
                out[t * MEL_BINS + m] = (float) Math.log(Math.max(energy, EPSILON));
            }
        }
        return out;
    }

    /**
     * @param samples input length
     * @return frames Kaldi makes with {@code snip_edges}
     */
    public static int frames(int samples) {
        return samples < FRAME_LENGTH ? 0 : 1 + (samples - FRAME_LENGTH) / FRAME_SHIFT;
    }

    /**
     * @param bin    a filter
     * @param fftBin an FFT bin below the Nyquist bin
     * @return the filter's weight there
     */
    static double weight(int bin, int fftBin) {
        return FILTERS[bin][fftBin];
    }

    /**
     * @param bin a filter
     * @return its centre frequency in Hz
     */
    static double centerHz(int bin) {
        double low = mel(LOW_HZ);
        double delta = (mel(SAMPLE_RATE / 2.0) - low) / (MEL_BINS + 1);
        return 700.0 * (Math.exp((low + (bin + 1) * delta) / 1127.0) - 1);
    }
}
