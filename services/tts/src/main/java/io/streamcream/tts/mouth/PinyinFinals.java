package io.streamcream.tts.mouth;

import java.util.List;
import java.util.Locale;

/**
 * Classifies a pinyin syllable by its final into the client's vowel classes, by the nucleus the
 * mouth actually makes: {@code jiang} → {@code ang}, {@code xian} → {@code an}, {@code lü}/{@code ju}
 * → {@code ü}, {@code zhi} → {@code i}, {@code er} → {@code e}. (The original matched substrings, so
 * {@code ang}/{@code eng}/{@code ing}/{@code ü} were never produced.)
 */
final class PinyinFinals {

    private static final List<String> INITIALS = List.of("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g",
            "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w");

    private PinyinFinals() {
    }

    /**
     * @param syllable toned or toneless pinyin, {@code ü} written {@code v} or {@code ü}
     * @return the vowel class, or empty for a syllable without a vowel ({@code m}, {@code ng}, {@code hm})
     */
    static String vowel(String syllable) {
        String s = syllable.toLowerCase(Locale.ROOT).replaceAll("[0-9]", "").replace('ü', 'v').replace("u:", "v");
        if (s.isEmpty()) {
            return "";
        }
        String initial = "";
        for (String candidate : INITIALS) {
            if (s.startsWith(candidate) && s.length() > candidate.length()) {
                initial = candidate;
                break;
            }
        }
        String rest = s.substring(initial.length());
        switch (initial) {
            case "y" -> rest = yFinal(rest);
            case "w" -> rest = rest.startsWith("u") ? rest : "u" + rest;
            case "j", "q", "x" -> rest = rest.startsWith("u") ? "v" + rest.substring(1) : rest;
            default -> {
                // the final stands as written
            }
        }
        if (rest.equals("i") && List.of("zh", "ch", "sh", "r", "z", "c", "s").contains(initial)) {
            return "i";
        }
        return classify(rest);
    }

    private static String yFinal(String rest) {
        if (rest.startsWith("u")) {
            return "v" + rest.substring(1);
        }
        if (rest.startsWith("i")) {
            return rest;
        }
        return "i" + rest;
    }

    private static String classify(String fin) {
        return switch (fin) {
            case "a" -> "a";
            case "o" -> "o";
            case "e", "er", "r" -> "e";
            case "i" -> "i";
            case "u" -> "u";
            case "v" -> "ü";
            case "ai", "uai" -> "ai";
            case "ao", "iao" -> "ao";
            case "ei", "ui", "uei" -> "ei";
            case "ou", "iu", "iou" -> "ou";
            case "ia" -> "ia";
            case "ie", "ve", "ue" -> "ie";
            case "ua" -> "ua";
            case "uo" -> "uo";
            case "an", "ian", "uan", "van" -> "an";
            case "en", "uen" -> "en";
            case "in" -> "in";
            case "un", "vn" -> "un";
            case "ang", "iang", "uang" -> "ang";
            case "eng", "ueng" -> "eng";
            case "ing" -> "ing";
            case "ong", "iong" -> "ong";
            default -> fallback(fin);
        };
    }

    private static String fallback(String fin) {
        for (char c : fin.toCharArray()) {
            switch (c) {
                case 'a' -> {
                    return "a";
                }
                case 'o' -> {
                    return "o";
                }
                case 'e' -> {
                    return "e";
                }
                case 'i' -> {
                    return "i";
                }
                case 'u' -> {
                    return "u";
                }
                case 'v' -> {
                    return "ü";
                }
                default -> {
                    // consonant: keep looking
                }
            }
        }
        return "";
    }
}
