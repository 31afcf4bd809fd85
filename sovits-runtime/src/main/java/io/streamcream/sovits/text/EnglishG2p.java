package io.streamcream.sovits.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English G2P: normalisation (numbers to words, the punctuation map), tokenisation, lookup in the configured CMUdict,
 * then, for words it lacks: the letter-by-letter reading that upstream uses for words of up to three letters, and for
 * longer ones CMUdict 0.4 with letter-to-sound rules ({@link FreeTtsLexicon}) where upstream runs its neural g2p_en
 * predictor. Possessive {@code 's} follows upstream's voicing rules.
 */
public final class EnglishG2p {
    /** Letter names as CMUdict gives them (a is read EY1 when spelled). */
    static final Map<Character, List<String>> LETTERS = Map.ofEntries(
            Map.entry('a', List.of("EY1")), Map.entry('b', List.of("B", "IY1")), Map.entry('c', List.of("S", "IY1")),
            Map.entry('d', List.of("D", "IY1")), Map.entry('e', List.of("IY1")), Map.entry('f', List.of("EH1", "F")),
            Map.entry('g', List.of("JH", "IY1")), Map.entry('h', List.of("EY1", "CH")), Map.entry('i', List.of("AY1")),
            Map.entry('j', List.of("JH", "EY1")), Map.entry('k', List.of("K", "EY1")), Map.entry('l', List.of("EH1", "L")),
            Map.entry('m', List.of("EH1", "M")), Map.entry('n', List.of("EH1", "N")), Map.entry('o', List.of("OW1")),
            Map.entry('p', List.of("P", "IY1")), Map.entry('q', List.of("K", "Y", "UW1")), Map.entry('r', List.of("AA1", "R")),
            Map.entry('s', List.of("EH1", "S")), Map.entry('t', List.of("T", "IY1")), Map.entry('u', List.of("Y", "UW1")),
            Map.entry('v', List.of("V", "IY1")), Map.entry('w', List.of("D", "AH1", "B", "AH0", "L", "Y", "UW0")),
            Map.entry('x', List.of("EH1", "K", "S")), Map.entry('y', List.of("W", "AY1")), Map.entry('z', List.of("Z", "IY1")));
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z]+(?:'[A-Za-z]+)*|[!?…,.\\-]");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    private static final Set<String> VOICELESS = Set.of("P", "T", "K", "F", "TH", "HH");
    private static final Set<String> SIBILANT = Set.of("S", "Z", "SH", "ZH", "CH", "JH");

    private final CmuDict dict;
    private final Symbols symbols = Symbols.v2();

    /**
     * @param dict the pronouncing dictionary (may be {@link CmuDict#empty()})
     */
    public EnglishG2p(CmuDict dict) {
        this.dict = dict;
    }

    /**
     * Normalises English text: numbers to words, the punctuation map, only letters, apostrophes, spaces and
     * {@code !?…,.-} kept, repeated punctuation collapsed.
     *
     * @param text input
     * @return normalised text
     */
    public static String normalize(String text) {
        String s = ChineseNormalizer.toHalfWidth(text);
        Matcher m = NUMBER.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(" " + numberWords(m.group()) + " "));
        }
        m.appendTail(sb);
        String mapped = sb.toString().replace("...", "…");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < mapped.length(); i++) {
            char c = mapped.charAt(i);
            char r = switch (c) {
                case '：', '；', '，', '·', '、', ';', ':' -> ',';
                case '。', '\n' -> '.';
                case '！' -> '!';
                case '？' -> '?';
                case '—' -> '-';
                case '~', '～' -> '…';
                default -> c;
            };
            if ((r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || r == '\'' || r == ' ' || "!?…,.-".indexOf(r) >= 0) {
                out.append(r);
            }
        }
        return TextSplitter.collapsePunctuation(out.toString().replaceAll(" {2,}", " ").strip());
    }

    static String numberWords(String number) {
        int dot = number.indexOf('.');
        if (dot >= 0) {
            StringBuilder sb = new StringBuilder(numberWords(number.substring(0, dot))).append(" point");
            for (char c : number.substring(dot + 1).toCharArray()) {
                sb.append(' ').append(ONES[c - '0']);
            }
            return sb.toString();
        }
        if (number.length() > 15) {
            StringBuilder sb = new StringBuilder();
            for (char c : number.toCharArray()) {
                sb.append(sb.isEmpty() ? "" : " ").append(ONES[c - '0']);
            }
            return sb.toString();
        }
        return cardinal(Long.parseLong(number));
    }

    private static String cardinal(long n) {
        if (n < 20) {
            return ONES[(int) n];
        }
        if (n < 100) {
            return TENS[(int) (n / 10)] + (n % 10 == 0 ? "" : " " + ONES[(int) (n % 10)]);
        }
        if (n < 1000) {
            return ONES[(int) (n / 100)] + " hundred" + (n % 100 == 0 ? "" : " " + cardinal(n % 100));
        }
        long[] scales = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"trillion", "billion", "million", "thousand"};
        for (int i = 0; i < scales.length; i++) {
            if (n >= scales[i]) {
                return cardinal(n / scales[i]) + " " + names[i] + (n % scales[i] == 0 ? "" : " " + cardinal(n % scales[i]));
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Phones of normalised English text (no word2ph: English gets zero BERT features).
     *
     * @param normText output of {@link #normalize}
     * @return ARPAbet phones and punctuation
     */
    public List<String> g2p(String normText) {
        List<String> phones = new ArrayList<>();
        Matcher m = TOKEN.matcher(normText);
        while (m.find()) {
            String token = m.group();
            List<String> pron;
            if (!Character.isLetter(token.charAt(0))) {
                pron = List.of(token);
            } else if (token.length() == 1) {
                pron = token.equals("A") ? List.of("EY1")
                        : dict.lookup(token).orElse(LETTERS.get(Character.toLowerCase(token.charAt(0))));
            } else {
                pron = word(token);
            }
            for (String ph : pron) {
                if (ph.equals("'")) {
                    phones.add("-");
                } else if (symbols.contains(ph) && !ph.equals("UW")) {
                    phones.add(ph);
                }
            }
        }
        return phones;
    }

    private List<String> word(String original) {
        String word = original.toLowerCase(Locale.ROOT);
        var known = dict.lookup(word);
        if (known.isPresent()) {
            return known.get();
        }
        if (word.endsWith("'s") && word.length() > 2 && word.indexOf('\'') == word.length() - 2) {
            List<String> base = new ArrayList<>(word(word.substring(0, word.length() - 2)));
            String last = base.isEmpty() ? "" : base.getLast();
            if (VOICELESS.contains(last)) {
                base.add("S");
            } else if (SIBILANT.contains(last)) {
                base.add("AH0");
                base.add("Z");
            } else {
                base.add("Z");
            }
            return base;
        }
        // As upstream: short unknown words (acronyms such as "GPT") are spelled; longer ones are predicted.
        if (word.length() > 3) {
            Optional<List<String>> predicted = FreeTtsLexicon.pronounce(word);
            if (predicted.isPresent()) {
                return predicted.get();
            }
        }
        return spell(word);
    }

    private static List<String> spell(String word) {
        List<String> out = new ArrayList<>();
        for (char c : word.toCharArray()) {
            List<String> letter = LETTERS.get(c);
            if (letter != null) {
                out.addAll(letter);
            } else {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }
}
