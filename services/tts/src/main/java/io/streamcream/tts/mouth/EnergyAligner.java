package io.streamcream.tts.mouth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.streamcream.tts.audio.PcmAudio;

/**
 * Aligns text units to real speech: a 10 ms energy envelope, silent gaps for the text's pauses,
 * and syllable boundaries at the envelope's valleys between syllable nuclei.
 */
final class EnergyAligner {

    private static final double HOP = 0.010;
    private static final int MIN_GAP_FRAMES = 8;

    private EnergyAligner() {
    }

    /**
     * @param units text units
     * @param audio the speech
     * @return [start, end] per unit, in seconds; the last end is the audio's length
     */
    static double[][] align(List<MouthUnit> units, PcmAudio audio) {
        double[] db = envelope(audio);
        double total = audio.seconds();
        double[][] times = new double[units.size()][2];
        if (db.length < 3 || units.isEmpty()) {
            return Estimates.scale(units, total);
        }
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double floor = sorted[(int) (sorted.length * 0.10)];
        double peak = sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.95))];
        if (peak - floor < 6) {
            return Estimates.scale(units, total);
        }
        double threshold = floor + 0.3 * (peak - floor);
        boolean[] voiced = new boolean[db.length];
        for (int f = 0; f < db.length; f++) {
            voiced[f] = db[f] > threshold;
        }
        int first = 0;
        while (first < voiced.length && !voiced[first]) {
            first++;
        }
        int last = voiced.length - 1;
        while (last > first && !voiced[last]) {
            last--;
        }
        if (first >= last) {
            return Estimates.scale(units, total);
        }
        List<int[]> phrases = phrases(units);
        List<int[]> gaps = gaps(voiced, first, last, phrases.size() - 1);
        if (phrases.isEmpty()) {
            return Estimates.scale(units, total);
        }
        if (gaps.size() != phrases.size() - 1) {
            // The audio's pauses do not match the text's: align everything as one phrase.
            phrases = List.of(new int[] {phrases.getFirst()[0], phrases.getLast()[1]});
            gaps = List.of();
        }
        for (int p = 0; p < phrases.size(); p++) {
            int regionStart = p == 0 ? first : gaps.get(p - 1)[1];
            int regionEnd = p == phrases.size() - 1 ? last + 1 : gaps.get(p)[0];
            alignPhrase(units, phrases.get(p), regionStart, regionEnd, db, times);
        }
        fillPauses(units, times, first * HOP, total);
        return times;
    }

    /** Unit index ranges [from, to) of syllables between pauses. */
    private static List<int[]> phrases(List<MouthUnit> units) {
        List<int[]> phrases = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= units.size(); i++) {
            boolean syllable = i < units.size() && !units.get(i).pause();
            if (syllable && start < 0) {
                start = i;
            } else if (!syllable && start >= 0) {
                phrases.add(new int[] {start, i});
                start = -1;
            }
        }
        return phrases;
    }

    /** The {@code count} longest silent runs inside [first, last], in time order, as [startFrame, endFrame). */
    private static List<int[]> gaps(boolean[] voiced, int first, int last, int count) {
        List<int[]> runs = new ArrayList<>();
        int f = first;
        while (f <= last) {
            if (!voiced[f]) {
                int start = f;
                while (f <= last && !voiced[f]) {
                    f++;
                }
                if (f - start >= MIN_GAP_FRAMES) {
                    runs.add(new int[] {start, f});
                }
            } else {
                f++;
            }
        }
        if (count <= 0 || runs.size() < count) {
            return count <= 0 ? List.of() : runs;
        }
        runs.sort((a, b) -> Integer.compare(b[1] - b[0], a[1] - a[0]));
        List<int[]> chosen = new ArrayList<>(runs.subList(0, count));
        chosen.sort((a, b) -> Integer.compare(a[0], b[0]));
        return chosen;
    }

    /**
     * Boundaries between the syllables of one phrase: the deepest envelope valleys when there are
     * enough of them (syllable junctions are the deepest dips of speech), otherwise weight-based
     * guesses snapped to the lowest point near them.
     */
    private static void alignPhrase(List<MouthUnit> units, int[] phrase, int startFrame, int endFrame, double[] db,
                                    double[][] times) {
        int n = phrase[1] - phrase[0];
        double[] bounds = new double[n + 1];
        bounds[0] = startFrame;
        bounds[n] = endFrame;
        List<Integer> valleys = valleys(db, startFrame, endFrame, n - 1);
        if (valleys.size() == n - 1) {
            for (int k = 1; k < n; k++) {
                bounds[k] = valleys.get(k - 1) + 0.5;
            }
        } else {
            snapGuesses(units, phrase, startFrame, endFrame, db, bounds);
        }
        for (int k = 0; k < n; k++) {
            times[phrase[0] + k][0] = bounds[k] * HOP;
            times[phrase[0] + k][1] = bounds[k + 1] * HOP;
        }
    }

    /** Up to {@code wanted} prominent local minima, at least 60 ms apart, in time order. */
    private static List<Integer> valleys(double[] db, int startFrame, int endFrame, int wanted) {
        List<Integer> candidates = new ArrayList<>();
        for (int f = startFrame + 3; f < endFrame - 3; f++) {
            double here = smoothed(db, f);
            if (here > smoothed(db, f - 1) || here > smoothed(db, f + 1)) {
                continue;
            }
            double left = Double.NEGATIVE_INFINITY;
            double right = Double.NEGATIVE_INFINITY;
            for (int k = 1; k <= 8; k++) {
                left = Math.max(left, smoothed(db, Math.max(startFrame, f - k)));
                right = Math.max(right, smoothed(db, Math.min(endFrame - 1, f + k)));
            }
            if (left - here >= 3 && right - here >= 3) {
                candidates.add(f);
            }
        }
        candidates.sort((a, b) -> Double.compare(smoothed(db, a), smoothed(db, b)));
        List<Integer> chosen = new ArrayList<>();
        for (int candidate : candidates) {
            if (chosen.size() == wanted) {
                break;
            }
            if (chosen.stream().allMatch(c -> Math.abs(c - candidate) >= 6)) {
                chosen.add(candidate);
            }
        }
        chosen.sort(Integer::compare);
        return chosen;
    }

    private static void snapGuesses(List<MouthUnit> units, int[] phrase, int startFrame, int endFrame, double[] db,
                                    double[] bounds) {
        int n = phrase[1] - phrase[0];
        for (int k = 1; k < n; k++) {
            // Expected length of the previous unit, re-spread over the frames still left, so errors do not add up.
            double remaining = 0;
            for (int i = phrase[0] + k - 1; i < phrase[1]; i++) {
                remaining += units.get(i).seconds();
            }
            double share = units.get(phrase[0] + k - 1).seconds() / remaining;
            int previous = (int) Math.round(bounds[k - 1]);
            int expected = (int) Math.round((endFrame - previous) * share);
            int guess = previous + expected;
            int window = Math.max(4, (int) Math.round(0.6 * expected));
            int lo = Math.max(previous + 3, guess - window);
            int hi = Math.min(endFrame - 3 * (n - k), guess + window);
            int best = Math.max(lo, Math.min(hi, guess));
            double bestValue = Double.POSITIVE_INFINITY;
            for (int f = lo; f <= hi; f++) {
                double value = smoothed(db, f) + 0.02 * Math.abs(f - guess);
                if (value < bestValue) {
                    bestValue = value;
                    best = f;
                }
            }
            bounds[k] = best + 0.5;
        }
    }

    private static double smoothed(double[] db, int f) {
        double sum = 0;
        int count = 0;
        for (int k = Math.max(0, f - 1); k <= Math.min(db.length - 1, f + 1); k++) {
            sum += db[k];
            count++;
        }
        return sum / count;
    }

    /** Pauses take the time between their neighbours; the last entry ends with the audio. */
    private static void fillPauses(List<MouthUnit> units, double[][] times, double speechStart, double total) {
        int i = 0;
        while (i < units.size()) {
            if (!units.get(i).pause()) {
                i++;
                continue;
            }
            int j = i;
            while (j < units.size() && units.get(j).pause()) {
                j++;
            }
            double from = i == 0 ? Math.min(speechStart, 0.0) : times[i - 1][1];
            double to = j == units.size() ? total : times[j][0];
            if (i == 0) {
                from = 0;
            }
            double step = (to - from) / (j - i);
            for (int k = i; k < j; k++) {
                times[k][0] = from + step * (k - i);
                times[k][1] = from + step * (k - i + 1);
            }
            i = j;
        }
        times[units.size() - 1][1] = total;
    }

    private static double[] envelope(PcmAudio audio) {
        int hop = (int) Math.round(audio.sampleRate() * HOP);
        int window = hop * 2;
        short[] s = audio.samples();
        int frames = s.length / hop;
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            int from = Math.max(0, f * hop + hop / 2 - window / 2);
            int to = Math.min(s.length, from + window);
            double sum = 0;
            for (int k = from; k < to; k++) {
                double v = s[k] / 32768.0;
                sum += v * v;
            }
            db[f] = 10 * Math.log10(sum / Math.max(1, to - from) + 1e-10);
        }
        return db;
    }
}
