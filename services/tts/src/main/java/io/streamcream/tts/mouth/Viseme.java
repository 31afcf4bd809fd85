package io.streamcream.tts.mouth;

import java.util.Map;

/**
 * The vowel classes the Live2D client understands, with how far the mouth opens and its basic shape
 * (one of the classic A-I-U-E-O visemes, or {@code closed}), and the original service's duration
 * table for estimates without audio.
 */
final class Viseme {

    /** Mouth opening 0–1 per vowel class. */
    private static final Map<String, Double> OPEN = Map.ofEntries(
            Map.entry("a", 0.9), Map.entry("ai", 0.8), Map.entry("ao", 0.85), Map.entry("an", 0.75),
            Map.entry("ang", 0.8), Map.entry("ia", 0.8), Map.entry("ua", 0.8),
            Map.entry("o", 0.6), Map.entry("ou", 0.55), Map.entry("uo", 0.6), Map.entry("ong", 0.5),
            Map.entry("e", 0.5), Map.entry("ei", 0.45), Map.entry("ie", 0.5), Map.entry("en", 0.45), Map.entry("eng", 0.5),
            Map.entry("i", 0.3), Map.entry("in", 0.3), Map.entry("ing", 0.35),
            Map.entry("u", 0.35), Map.entry("un", 0.35), Map.entry("ü", 0.3));

    /** Dominant visual shape per vowel class. */
    private static final Map<String, String> SHAPE = Map.ofEntries(
            Map.entry("a", "a"), Map.entry("ai", "a"), Map.entry("ao", "a"), Map.entry("an", "a"), Map.entry("ang", "a"),
            Map.entry("ia", "a"), Map.entry("ua", "a"),
            Map.entry("o", "o"), Map.entry("ou", "o"), Map.entry("uo", "o"), Map.entry("ong", "o"),
            Map.entry("e", "e"), Map.entry("ei", "e"), Map.entry("ie", "e"), Map.entry("en", "e"), Map.entry("eng", "e"),
            Map.entry("i", "i"), Map.entry("in", "i"), Map.entry("ing", "i"),
            Map.entry("u", "u"), Map.entry("un", "u"), Map.entry("ü", "u"));

    /** Seconds per vowel in the original service's estimate (others 0.2). */
    private static final Map<String, Double> SECONDS = Map.ofEntries(
            Map.entry("a", 0.3), Map.entry("o", 0.25), Map.entry("e", 0.2), Map.entry("i", 0.15), Map.entry("u", 0.15),
            Map.entry("ü", 0.15), Map.entry("ai", 0.35), Map.entry("ao", 0.3), Map.entry("ei", 0.25),
            Map.entry("ou", 0.25), Map.entry("an", 0.3), Map.entry("en", 0.25), Map.entry("ang", 0.35),
            Map.entry("eng", 0.3));

    private Viseme() {
    }

    static double open(String vowel) {
        return OPEN.getOrDefault(vowel, 0.0);
    }

    static String shape(String vowel) {
        return SHAPE.getOrDefault(vowel, "closed");
    }

    static double seconds(String vowel) {
        return SECONDS.getOrDefault(vowel, 0.2);
    }

    static boolean known(String vowel) {
        return OPEN.containsKey(vowel);
    }
}
