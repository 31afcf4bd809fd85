package io.streamcream.sovits.vits;

/**
 * Upstream's {@code audio_postprocess} for one fragment: divide by the peak when it exceeds 1, append
 * {@code int(rate·fragment_interval)} zeros, scale by 32768 and convert to int16 — clamped to [−32768, 32767] where
 * upstream's {@code astype(int16)} wraps a sample of exactly +1.0 to −32768. Values are truncated toward zero, as
 * numpy's conversion does.
 */
public final class PostProcess {
    private PostProcess() {
    }

    /**
     * Divides by the peak magnitude when it is above 1 (in place).
     *
     * @param audio samples
     * @return {@code audio}
     */
    public static float[] normalizePeak(float[] audio) {
        float peak = 0;
        for (float v : audio) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 1) {
            for (int i = 0; i < audio.length; i++) {
                audio[i] /= peak;
            }
        }
        return audio;
    }

    /**
     * @param rate     sample rate
     * @param interval seconds
     * @return {@code int(rate·interval)}
     */
    public static int silenceSamples(int rate, double interval) {
        if (!(interval >= 0)) {
            throw new IllegalArgumentException("fragment_interval must be >= 0, got " + interval);
        }
        return (int) (rate * interval);
    }

    /**
     * @param v a sample
     * @return the clamped int16 value of {@code v·32768}
     */
    public static short toPcm16(float v) {
        float scaled = v * 32768f;
        if (!(scaled < 32767f)) {
            return scaled >= 32767f ? Short.MAX_VALUE : 0;
        }
        if (scaled <= -32768f) {
            return Short.MIN_VALUE;
        }
        return (short) (int) scaled;
    }

    /**
     * A finished fragment: peak-normalised, followed by the silence, as int16.
     *
     * @param audio    the fragment (modified in place by the normalisation)
     * @param rate     sample rate
     * @param interval {@code fragment_interval} seconds
     * @return PCM samples
     */
    public static short[] fragment(float[] audio, int rate, double interval) {
        normalizePeak(audio);
        short[] out = new short[audio.length + silenceSamples(rate, interval)];
        for (int i = 0; i < audio.length; i++) {
            out[i] = toPcm16(audio[i]);
        }
        return out;
    }
}
