package io.streamcream.tts.audio;

/**
 * Mono 16-bit PCM audio.
 *
 * @param sampleRate samples per second
 * @param samples    the samples
 */
public record PcmAudio(int sampleRate, short[] samples) {

    /** @return the length in seconds */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }
}
