package io.streamcream.sovits.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Text → phones for one piece of {@link TextSplitter#preSegment} output, in upstream's {@code zh} (mixed), {@code
 * all_zh}, {@code auto} and {@code en} modes. In the mixed modes runs of Latin letters are English and everything
 * else is Chinese ({@code auto} uses the same script rule). Other languages raise {@link UnsupportedLanguageException}.
 * <p>
 * Punctuation before the first letter or character of a piece is dropped (the {@code 。} that {@code pre_seg_text}
 * prepends only guides splitting). If a piece yields fewer than 6 phones, {@code .} is prepended once, as upstream
 * retries with {@code "." + text}.
 */
public final class TextFrontend {
    private static final Set<String> SUPPORTED = Set.of("zh", "all_zh", "en", "auto");
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("ja", "ko", "yue", "all_ja", "all_ko", "all_yue", "auto_yue");

    /** A run of one language. word2ph is null for English. */
    public record Run(String language, String normText, List<String> phones, int[] word2ph) {
    }

    /** The phones of a piece. */
    public record Phonemes(List<String> phones, long[] ids, List<Run> runs) {
        /**
         * Normalised text of all runs.
         *
         * @return the text
         */
        public String normText() {
            StringBuilder sb = new StringBuilder();
            runs.forEach(r -> sb.append(r.normText()));
            return sb.toString();
        }
    }

    private final ChineseG2p chinese = new ChineseG2p();
    private final EnglishG2p english;

    /**
     * @param dict CMUdict for English
     */
    public TextFrontend(CmuDict dict) {
        this.english = new EnglishG2p(dict);
    }

    /**
     * Normalises a request language code (case-insensitive) and rejects unsupported ones.
     *
     * @param language code such as {@code zh}, {@code EN}
     * @return the lower-case code
     * @throws UnsupportedLanguageException for ja/ko/yue variants and unknown codes
     */
    public static String checkLanguage(String language) {
        String l = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        if (!SUPPORTED.contains(l)) {
            throw new UnsupportedLanguageException(KNOWN_UNSUPPORTED.contains(l) || !l.isEmpty() ? l : String.valueOf(language));
        }
        return l;
    }

    /**
     * Phones of one text piece.
     *
     * @param piece    the piece
     * @param language request language
     * @return the phones
     */
    public Phonemes phonemes(String piece, String language) {
        return phonemes(piece, language, PolyphoneModel.NONE);
    }

    /**
     * Phones of one text piece, with a voice's polyphone model deciding readings of Chinese characters.
     *
     * @param piece      the piece
     * @param language   request language
     * @param polyphones the voice's polyphone model ({@link PolyphoneModel#NONE} for the dictionary alone)
     * @return the phones
     */
    public Phonemes phonemes(String piece, String language, PolyphoneModel polyphones) {
        String lang = checkLanguage(language);
        String text = piece.replaceAll(" {2,}", " ");
        int start = 0;
        while (start < text.length() && (TextSplitter.SPLITS.contains(text.charAt(start))
                || Character.isWhitespace(text.charAt(start)))) {
            start++;
        }
        text = text.substring(start);
        List<Run> runs = new ArrayList<>();
        if (lang.equals("en")) {
            runs.add(englishRun(text));
        } else {
            for (String[] segment : segments(text)) {
                Run run = segment[0].equals("en") ? englishRun(segment[1]) : chineseRun(segment[1], polyphones);
                if (!run.phones().isEmpty()) {
                    runs.add(run);
                }
            }
        }
        List<String> phones = new ArrayList<>();
        runs.forEach(r -> phones.addAll(r.phones()));
        if (phones.size() < 6) {
            phones.addFirst(".");
            runs.addFirst(new Run(lang.equals("en") ? "en" : "zh", ".", List.of("."), lang.equals("en") ? null : new int[] {1}));
        }
        return new Phonemes(List.copyOf(phones), Symbols.v2().ids(phones), List.copyOf(runs));
    }

    private Run chineseRun(String text, PolyphoneModel polyphones) {
        String norm = ChineseNormalizer.normalize(text);
        ChineseG2p.Result result = chinese.g2p(norm, polyphones);
        if (result.word2ph().length != norm.length()) {
            throw new IllegalStateException("word2ph has " + result.word2ph().length + " entries for " + norm.length() + " characters");
        }
        return new Run("zh", norm, result.phones(), result.word2ph());
    }

    private Run englishRun(String text) {
        String norm = EnglishG2p.normalize(text);
        List<String> phones = new ArrayList<>(english.g2p(norm));
        if (phones.isEmpty()) {
            return new Run("en", norm, List.of(), null);
        }
        if (phones.size() < 4) {
            phones.addFirst(",");
        }
        return new Run("en", norm, List.copyOf(phones), null);
    }

    /**
     * Splits mixed text into alternating runs: Latin-letter runs (with the spaces, apostrophes and punctuation between
     * their words) are {@code en}, the rest {@code zh}.
     *
     * @param text the text
     * @return pairs of {language, text}
     */
    static List<String[]> segments(String text) {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String currentLang = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String lang;
            int unit = "zh".equals(currentLang) && i > 0 && Character.isDigit(text.charAt(i - 1))
                    ? ChineseNormalizer.unitLength(text, i) : 0;
            if (unit > 0) {
                current.append(text, i, i + unit);
                i += unit - 1;
                continue;
            }
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 'Ａ' && c <= 'Ｚ') || (c >= 'ａ' && c <= 'ｚ')) {
                lang = "en";
            } else if (Character.isLetterOrDigit(c) || currentLang == null) {
                lang = "zh";
            } else {
                lang = currentLang;
            }
            if (currentLang != null && !lang.equals(currentLang)) {
                out.add(new String[] {currentLang, current.toString()});
                current.setLength(0);
            }
            currentLang = lang;
            current.append(c);
        }
        if (currentLang != null && !current.isEmpty()) {
            out.add(new String[] {currentLang, current.toString()});
        }
        return out;
    }
}
