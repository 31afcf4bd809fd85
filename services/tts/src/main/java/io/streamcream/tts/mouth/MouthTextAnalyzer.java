package io.streamcream.tts.mouth;

import java.util.ArrayList;
import java.util.List;

import io.streamcream.sovits.text.ChineseG2p;

/**
 * Splits text into {@link MouthUnit}s: Chinese characters by their pinyin in context (whole words,
 * so polyphones such as 银行/行走 and 长大/长度 are read right), digits by their Chinese reading,
 * English words by their vowel letters, punctuation and spaces as closed-mouth pauses.
 */
final class MouthTextAnalyzer {

    private static final String SENTENCE_PUNCTUATION = "，。！？；：、,.!?;:…—";
    private static final String[] DIGITS = {"ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu"};
    private static final String SHORT_NUMBERS = "一二三四五六七八九十";
    private static final String PARTICLES = "的地得着了过";

    private MouthTextAnalyzer() {
    }

    static List<MouthUnit> analyze(String text) {
        List<String> pinyin = ChineseG2p.pinyin(text);
        List<MouthUnit> units = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            String ch = text.substring(i, i + width);
            if (isLatinLetter(cp)) {
                int end = i;
                while (end < text.length() && (isLatinLetter(text.charAt(end)) || text.charAt(end) == '\'')) {
                    end++;
                }
                units.addAll(english(text.substring(i, end)));
                i = end;
                continue;
            }
            if (Character.isWhitespace(cp)) {
                units.add(new MouthUnit(ch, "", true, 0.05));
            } else if (cp >= '0' && cp <= '9') {
                String vowel = PinyinFinals.vowel(DIGITS[cp - '0']);
                units.add(new MouthUnit(ch, vowel, false, Viseme.seconds(vowel)));
            } else if (cp >= 0x4e00 && cp <= 0x9fa5 && i < pinyin.size()) {
                String vowel = PinyinFinals.vowel(pinyin.get(i));
                double seconds = Viseme.seconds(vowel);
                if (SHORT_NUMBERS.indexOf(cp) >= 0) {
                    seconds *= 0.8;
                } else if (PARTICLES.indexOf(cp) >= 0) {
                    seconds *= 0.6;
                }
                units.add(vowel.isEmpty() ? new MouthUnit(ch, "", true, 0.1) : new MouthUnit(ch, vowel, false, seconds));
            } else {
                units.add(new MouthUnit(ch, "", true, SENTENCE_PUNCTUATION.indexOf(cp) >= 0 ? 0.1 : 0.05));
            }
            i += width;
        }
        return units;
    }

    /** Each letter takes the vowel it is spoken with: its own, else the next vowel of the word, else the previous. */
    private static List<MouthUnit> english(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        String[] vowels = new String[lower.length()];
        int groups = 0;
        boolean inVowel = false;
        for (int k = 0; k < lower.length(); k++) {
            char c = lower.charAt(k);
            String v = switch (c) {
                case 'a' -> "a";
                case 'e' -> "e";
                case 'i' -> "i";
                case 'o' -> "o";
                case 'u' -> "u";
                case 'y' -> k > 0 ? "i" : null;
                default -> null;
            };
            vowels[k] = v;
            if (v != null && !inVowel) {
                groups++;
            }
            inVowel = v != null;
        }
        double perLetter = 0.2 * Math.max(1, groups) / lower.length();
        List<MouthUnit> units = new ArrayList<>();
        for (int k = 0; k < lower.length(); k++) {
            String vowel = vowels[k];
            for (int j = k + 1; vowel == null && j < lower.length(); j++) {
                vowel = vowels[j];
            }
            for (int j = k - 1; vowel == null && j >= 0; j--) {
                vowel = vowels[j];
            }
            vowel = vowel == null ? "e" : vowel;
            units.add(new MouthUnit(word.substring(k, k + 1), vowel, false, perLetter));
        }
        return units;
    }

    private static boolean isLatinLetter(int cp) {
        return cp < 128 && Character.isLetter(cp);
    }
}
