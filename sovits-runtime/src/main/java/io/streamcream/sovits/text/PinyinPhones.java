package io.streamcream.sovits.text;

import java.util.List;
import java.util.Set;

/**
 * Pinyin syllable → two phones, following the opencpop-strict scheme used by GPT-SoVITS: an initial (or {@code AA},
 * {@code EE}, {@code OO}, {@code y}, {@code w} for zero-initial syllables) and a toned final. ü is written {@code v}.
 */
public final class PinyinPhones {
    private static final List<String> INITIALS = List.of(
            "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s");
    private static final Set<String> FINALS = Set.of(
            "a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "i0", "ia", "ian", "iang", "iao", "ie",
            "in", "ing", "iong", "ir", "iu", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang", "ui", "un", "uo", "v",
            "van", "ve", "vn", "E", "En");

    private PinyinPhones() {
    }

    /**
     * Splits a syllable into initial and final phones.
     *
     * @param syllable pinyin without tone, lower case, ü as {@code v} (e.g. {@code shi}, {@code lve}, {@code yuan})
     * @param tone     1–5 (5 = neutral)
     * @return {@code [initial, final+tone]}
     * @throws IllegalArgumentException if the syllable is not Mandarin pinyin
     */
    public static List<String> phones(String syllable, int tone) {
        if (tone < 1 || tone > 5) {
            throw new IllegalArgumentException("tone must be 1..5: " + syllable + tone);
        }
        String s = syllable.replace("ü", "v").replace("u:", "v");
        String initial;
        String fin;
        if (s.startsWith("y")) {
            initial = "y";
            String rest = s.substring(1);
            fin = switch (rest) {
                case "i" -> "i";
                case "in" -> "in";
                case "ing" -> "ing";
                case "an" -> "En";
                case "e" -> "E";
                case "u", "v" -> "v";
                case "uan", "van" -> "van";
                case "ue", "ve" -> "ve";
                case "un", "vn" -> "vn";
                default -> rest;
            };
            if (!Set.of("a", "ang", "ao", "o", "ong", "ou", "i", "in", "ing", "En", "E", "v", "van", "ve", "vn")
                    .contains(fin)) {
                throw unknown(syllable);
            }
        } else if (s.startsWith("w")) {
            initial = "w";
            fin = s.substring(1);
            if (!Set.of("a", "ai", "an", "ang", "ei", "en", "eng", "o", "u").contains(fin)) {
                throw unknown(syllable);
            }
        } else {
            initial = null;
            for (String candidate : INITIALS) {
                if (s.startsWith(candidate) && s.length() > candidate.length()) {
                    initial = candidate;
                    break;
                }
            }
            if (initial == null) {
                fin = s;
                initial = switch (s.isEmpty() ? ' ' : s.charAt(0)) {
                    case 'a' -> "AA";
                    case 'e' -> "EE";
                    case 'o' -> "OO";
                    default -> throw unknown(syllable);
                };
                if (!Set.of("a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "o", "ou").contains(fin)) {
                    throw unknown(syllable);
                }
            } else {
                fin = s.substring(initial.length());
                boolean retroflex = Set.of("zh", "ch", "sh", "r").contains(initial);
                boolean dental = Set.of("z", "c", "s").contains(initial);
                boolean palatal = Set.of("j", "q", "x").contains(initial);
                if (fin.equals("i") && retroflex) {
                    fin = "ir";
                } else if (fin.equals("i") && dental) {
                    fin = "i0";
                } else if (palatal && fin.startsWith("u")) {
                    fin = "v" + fin.substring(1);
                }
                if (palatal && !(fin.startsWith("i") || fin.startsWith("v"))) {
                    throw unknown(syllable);
                }
                if (fin.startsWith("v") && !(palatal || initial.equals("l") || initial.equals("n"))) {
                    throw unknown(syllable);
                }
                if (fin.equals("er") || fin.equals("E") || fin.equals("En") || !FINALS.contains(fin)) {
                    throw unknown(syllable);
                }
            }
        }
        return List.of(initial, fin + tone);
    }

    private static IllegalArgumentException unknown(String syllable) {
        return new IllegalArgumentException("not a Mandarin pinyin syllable: " + syllable);
    }
}
