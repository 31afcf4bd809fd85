package io.streamcream.sovits.audio;

/**
 * The reference magnitude spectrogram of v2 ({@code spectrogram_torch} with n_fft 2048, hop 640, window 2048):
 * reflect-pad {@code (n_fft − hop)/2 = 704} samples on each side, frames of 2048 samples every 640 samples without
 * centring, a periodic Hann window, a one-sided DFT, and {@code sqrt(re² + im² + 1e-8)}. The result is
 * {@code [1025][F]} with {@code F = (n + 1408 − 2048) / 640 + 1}.
 */
public final class Spectrogram {
    /** FFT size. */
    public static final int N_FFT = 2048;
    /** Frame step. */
    public static final int HOP = 640;
    /** Window length. */
    public static final int WINDOW = 2048;
    /** Frequency bins. */
    public static final int BINS = N_FFT / 2 + 1;
    private static final int PAD = (N_FFT - HOP) / 2;
    private static final double[] HANN = new double[WINDOW];
    private static final double[] COS = new double[N_FFT / 2];
    private static final double[] SIN = new double[N_FFT / 2];

    static {
        for (int i = 0; i < WINDOW; i++) {
            HANN[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW);
        }
        for (int i = 0; i < N_FFT / 2; i++) {
            COS[i] = Math.cos(2 * Math.PI * i / N_FFT);
            SIN[i] = -Math.sin(2 * Math.PI * i / N_FFT);
        }
    }

    private Spectrogram() {
    }

    /**
     * @param samples audio at the output rate (32 kHz), at least 705 samples
     * @return magnitudes {@code [bin][frame]}
     */
    public static float[][] magnitude(float[] samples) {
        int n = samples.length;
        if (n <= PAD) {
            throw new IllegalArgumentException("need more than " + PAD + " samples for the reflect padding, got " + n);
        }
        float[] padded = new float[n + 2 * PAD];
        for (int i = 0; i < PAD; i++) {
            padded[i] = samples[PAD - i];
            padded[PAD + n + i] = samples[n - 2 - i];
        }
        System.arraycopy(samples, 0, padded, PAD, n);
        int frames = (padded.length - N_FFT) / HOP + 1;
        float[][] out = new float[BINS][frames];
        double[] re = new double[N_FFT];
        double[] im = new double[N_FFT];
        for (int f = 0; f < frames; f++) {
            int start = f * HOP;
            for (int i = 0; i < N_FFT; i++) {
                re[i] = padded[start + i] * HANN[i];
                im[i] = 0;
            }
            fft(re, im);
            for (int k = 0; k < BINS; k++) {
                out[k][f] = (float) Math.sqrt(re[k] * re[k] + im[k] * im[k] + 1e-8);
            }
        }
        return out;
    }

    /**
     * Flattens {@code [bin][frame]} row-major, as the {@code refer_spec} tensor {@code [1,1025,F]} wants it.
     *
     * @param spec the spectrogram
     * @return the values
     */
    public static float[] flatten(float[][] spec) {
        int frames = spec[0].length;
        float[] out = new float[spec.length * frames];
        for (int k = 0; k < spec.length; k++) {
            System.arraycopy(spec[k], 0, out, k * frames, frames);
        }
        return out;
    }

    /**
     * In-place iterative radix-2 DFT, {@code X[k] = Σ x[n]·e^{−2πikn/N}}, for any power of two N up to {@link #N_FFT}.
     */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        if (n > N_FFT || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size " + n + " is not a power of two up to " + N_FFT);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int step = N_FFT / len;
            int halfLen = len >> 1;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < halfLen; k++) {
                    double wr = COS[k * step];
                    double wi = SIN[k * step];
                    int a = i + k;
                    int b = a + halfLen;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
