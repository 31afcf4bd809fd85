package io.streamcream.sovits.audio;

/**
 * Band-limited resampling by a Kaiser-windowed sinc (polyphase over the rational ratio {@code out/in}). The low-pass
 * cutoff is {@value #ROLLOFF} of the lower Nyquist frequency, the kernel spans {@value #ZERO_CROSSINGS} zero crossings
 * of the sinc on each side and the Kaiser β is {@value #BETA} (about 85 dB stop-band attenuation). The signal is taken
 * as zero outside its ends; the output has {@code ceil(n·out/in)} samples, sample {@code j} sitting at input time
 * {@code j·in/out}. Upstream uses soxr (librosa) and torchaudio's sinc resampler, so values differ slightly but the
 * band limits agree.
 */
public final class Resampler {
    /** Cutoff as a fraction of the lower Nyquist frequency. */
    public static final double ROLLOFF = 0.945;
    /** Sinc zero crossings on each side of the kernel centre. */
    public static final int ZERO_CROSSINGS = 32;
    /** Kaiser window shape. */
    public static final double BETA = 8.6;
    private static final int MAX_TABLE_PHASES = 4096;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final double cutoff;
    private final int half;
    private final float[][] table;

    /**
     * @param inRate  input sample rate
     * @param outRate output sample rate
     */
    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " → " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        this.cutoff = 0.5 * ROLLOFF * Math.min(1.0, (double) outRate / inRate);
        this.half = (int) Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
        if (up <= MAX_TABLE_PHASES && inRate != outRate) {
            table = new float[up][2 * half];
            for (int phase = 0; phase < up; phase++) {
                double frac = (double) phase / up;
                for (int j = -half + 1; j <= half; j++) {
                    table[phase][j + half - 1] = (float) kernel(frac - j);
                }
            }
        } else {
            table = null;
        }
    }

    /**
     * Resamples once.
     *
     * @param samples input
     * @param inRate  its rate
     * @param outRate the wanted rate
     * @return the resampled signal (a copy when the rates are equal)
     */
    public static float[] resample(float[] samples, int inRate, int outRate) {
        return new Resampler(inRate, outRate).apply(samples);
    }

    /**
     * @param samples input at the input rate
     * @return output at the output rate
     */
    public float[] apply(float[] samples) {
        if (inRate == outRate) {
            return samples.clone();
        }
        int n = samples.length;
        int outLength = (int) Math.ceil((double) n * outRate / inRate);
        float[] out = new float[outLength];
        for (int j = 0; j < outLength; j++) {
            long num = (long) j * down;
            int base = (int) (num / up);
            int phase = (int) (num % up);
            double acc = 0;
            int lo = Math.max(-half + 1, -base);
            int hi = Math.min(half, n - 1 - base);
            if (table != null) {
                float[] h = table[phase];
                for (int k = lo; k <= hi; k++) {
                    acc += samples[base + k] * h[k + half - 1];
                }
            } else {
                double frac = (double) phase / up;
                for (int k = lo; k <= hi; k++) {
                    acc += samples[base + k] * kernel(frac - k);
                }
            }
            out[j] = (float) acc;
        }
        return out;
    }

    private double kernel(double x) {
        double u = x / half;
        if (Math.abs(u) >= 1) {
            return 0;
        }
        double arg = 2 * cutoff * x;
        double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
        return 2 * cutoff * sinc * besselI0(BETA * Math.sqrt(1 - u * u)) / besselI0(BETA);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
