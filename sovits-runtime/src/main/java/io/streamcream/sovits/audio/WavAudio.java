package io.streamcream.sovits.audio;

/**
 * Decoded audio: one float array per channel, samples in [-1, 1] for PCM (float WAV data is kept as stored).
 *
 * @param sampleRate samples per second
 * @param channels   per-channel samples, all the same length
 */
public record WavAudio(int sampleRate, float[][] channels) {
    /**
     * @return frames per channel
     */
    public int frames() {
        return channels[0].length;
    }

    /**
     * @return duration in seconds
     */
    public double seconds() {
        return (double) frames() / sampleRate;
    }

    /**
     * The mean over channels (as upstream downmixes stereo references).
     *
     * @return mono samples
     */
    public float[] mono() {
        if (channels.length == 1) {
            return channels[0].clone();
        }
        float[] out = new float[frames()];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (float[] c : channels) {
                sum += c[i];
            }
            out[i] = (float) (sum / channels.length);
        }
        return out;
    }
}
