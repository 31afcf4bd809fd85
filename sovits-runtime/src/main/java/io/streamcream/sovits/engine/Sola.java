package io.streamcream.sovits.engine;

/**
 * Synchronized overlap-add alignment (SOLA) for streamed chunks, as upstream's {@code sola_algorithm}:
 * before the tail held back from one chunk is cross-faded into the next chunk's audio of the same
 * tokens, the next chunk's window is moved forward by the shift (0 to {@code search} samples) whose
 * normalised cross-correlation with the tail is highest, so the two waveforms are in phase where they
 * are mixed. The correlation is normalised by the energy of the shifted window only, as upstream does.
 */
final class Sola {

    /** Longest shift searched at 32 kHz, upstream's 320 samples (10 ms). */
    private static final int SEARCH_SAMPLES_32K = 320;
    /** Shifts whose score is within this fraction of an earlier shift's do not win: ties go to the smallest shift. */
    private static final double TIE = 1e-6;

    private Sola() {
    }

    /**
     * @param sampleRate the voice's output rate
     * @return the longest shift to search: 10 ms, upstream's 320 samples at 32 kHz
     */
    static int searchSamples(int sampleRate) {
        return (int) Math.round(SEARCH_SAMPLES_32K * sampleRate / 32_000.0);
    }

    /**
     * @param tail     the held-back samples, compared from {@code tailFrom} for {@code length} samples
     * @param tailFrom first compared sample of {@code tail}
     * @param audio    the next chunk's audio
     * @param from     where the unshifted window starts in {@code audio}
     * @param length   window length
     * @param search   largest shift to try; shifts that would run past {@code audio} are not tried
     * @return the best shift, 0 when there is nothing to compare
     */
    static int shift(float[] tail, int tailFrom, float[] audio, int from, int length, int search) {
        int last = Math.min(search, audio.length - from - length);
        if (length <= 0 || last <= 0) {
            return 0;
        }
        int best = 0;
        double bestScore = score(tail, tailFrom, audio, from, length);
        for (int shift = 1; shift <= last; shift++) {
            double score = score(tail, tailFrom, audio, from + shift, length);
            if (score > bestScore + TIE * Math.abs(bestScore)) {
                bestScore = score;
                best = shift;
            }
        }
        return best;
    }

    private static double score(float[] tail, int tailFrom, float[] audio, int start, int length) {
        double dot = 0;
        double energy = 0;
        for (int i = 0; i < length; i++) {
            double a = audio[start + i];
            dot += tail[tailFrom + i] * a;
            energy += a * a;
        }
        return dot / Math.sqrt(energy + 1e-8);
    }
}
