package io.streamcream.sovits.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream's text splitting: the six cut methods and {@code pre_seg_text} (merging of short pieces, the leading
 * {@code 。}, the trailing {@code 。}, and the 510-character limit). Lengths count UTF-16 units, as every character the
 * frontend keeps is in the BMP.
 */
public final class TextSplitter {
    /** Characters after which {@code split()} cuts and that count as sentence ends. */
    public static final Set<Character> SPLITS = Set.of('，', '。', '？', '！', ',', '.', '?', '!', '~', ':', '：', '—', '…');
    private static final Set<Character> PUNCTUATION = Set.of('!', '?', '…', ',', '.', '-', ' ');
    private static final Set<Character> CUT5_PUNCTUATION =
            Set.of(',', '.', ';', '?', '!', '、', '，', '。', '？', '！', '：', '…');
    private static final Pattern CUT4 = Pattern.compile("(?<!\\d)\\.(?!\\d)");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}_]+");
    private static final Pattern CONSECUTIVE = Pattern.compile("([!?…,.\\-])[!?…,.\\-]+");
    /** Longest piece handed to the G2P and BERT. */
    public static final int MAX_PIECE = 510;

    /** The cut methods by upstream name. */
    public enum Method {
        /** No cut. */
        CUT0,
        /** Four sentences per piece. */
        CUT1,
        /** About 50 characters per piece. */
        CUT2,
        /** Cut at 。. */
        CUT3,
        /** Cut at . (not between digits). */
        CUT4,
        /** Cut after every punctuation mark (the API default). */
        CUT5;

        /**
         * Parses {@code cut0}..{@code cut5}.
         *
         * @param name the name
         * @return the method
         * @throws IllegalArgumentException for other names
         */
        public static Method of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown text_split_method: " + name + " (expected cut0..cut5)");
            }
        }

        /**
         * Applies this method.
         *
         * @param text input
         * @return pieces separated by {@code \n}
         */
        public String apply(String text) {
            return switch (this) {
                case CUT0 -> cut0(text);
                case CUT1 -> cut1(text);
                case CUT2 -> cut2(text);
                case CUT3 -> cut3(text);
                case CUT4 -> cut4(text);
                case CUT5 -> cut5(text);
            };
        }
    }

    private TextSplitter() {
    }

    static boolean onlyOf(String s, Set<Character> set) {
        for (int i = 0; i < s.length(); i++) {
            if (!set.contains(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String strip(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * {@code split()}: {@code ……}→{@code 。}, {@code ——}→{@code ，}, a final {@code 。} if missing, then a cut after
     * every {@link #SPLITS} character.
     *
     * @param text non-empty text
     * @return the sentences, punctuation kept
     */
    public static List<String> sentences(String text) {
        String t = text.replace("……", "。").replace("——", "，");
        if (t.isEmpty() || !SPLITS.contains(t.charAt(t.length() - 1))) {
            t += "。";
        }
        List<String> out = new ArrayList<>();
        int tail = 0;
        for (int head = 0; head < t.length(); head++) {
            if (SPLITS.contains(t.charAt(head))) {
                out.add(t.substring(tail, head + 1));
                tail = head + 1;
            }
        }
        return out;
    }

    /**
     * cut0: the input unchanged, or {@code \n} if it is only punctuation.
     *
     * @param text input
     * @return result
     */
    public static String cut0(String text) {
        return onlyOf(text, PUNCTUATION) ? "\n" : text;
    }

    /**
     * cut1: groups of four sentences; the remainder joins the last group.
     *
     * @param text input
     * @return pieces joined by {@code \n}
     */
    public static String cut1(String text) {
        String inp = strip(text, "\n");
        List<String> parts = sentences(inp);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += 4) {
            starts.add(i);
        }
        List<String> opts = new ArrayList<>();
        if (starts.size() > 1) {
            starts.set(starts.size() - 1, parts.size());
            for (int k = 0; k < starts.size() - 1; k++) {
                opts.add(String.join("", parts.subList(starts.get(k), starts.get(k + 1))));
            }
        } else {
            opts.add(inp);
        }
        return joinKept(opts, PUNCTUATION);
    }

    /**
     * cut2: sentences accumulated until the piece is longer than 50; a last piece under 50 joins the one before.
     *
     * @param text input
     * @return pieces joined by {@code \n}
     */
    public static String cut2(String text) {
        String inp = strip(text, "\n");
        List<String> parts = sentences(inp);
        if (parts.size() < 2) {
            return inp;
        }
        List<String> opts = new ArrayList<>();
        int sum = 0;
        StringBuilder current = new StringBuilder();
        for (String part : parts) {
            sum += part.length();
            current.append(part);
            if (sum > 50) {
                sum = 0;
                opts.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            opts.add(current.toString());
        }
        if (opts.size() > 1 && opts.getLast().length() < 50) {
            String last = opts.removeLast();
            opts.set(opts.size() - 1, opts.getLast() + last);
        }
        return joinKept(opts, PUNCTUATION);
    }

    /**
     * cut3: split at {@code 。} (which is dropped).
     *
     * @param text input
     * @return pieces joined by {@code \n}
     */
    public static String cut3(String text) {
        String inp = strip(strip(text, "\n"), "。");
        return joinKept(List.of(inp.split("。", -1)), PUNCTUATION);
    }

    /**
     * cut4: split at {@code .} not between digits (dropped).
     *
     * @param text input
     * @return pieces joined by {@code \n}
     */
    public static String cut4(String text) {
        String inp = strip(strip(text, "\n"), ".");
        return joinKept(List.of(CUT4.split(inp, -1)), PUNCTUATION);
    }

    /**
     * cut5: a cut after each of {@code , . ; ? ! 、 ， 。 ？ ！ ： …}, except a {@code .} between two digits.
     *
     * @param text input
     * @return pieces joined by {@code \n}
     */
    public static String cut5(String text) {
        String inp = strip(text, "\n");
        List<String> merged = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < inp.length(); i++) {
            char c = inp.charAt(i);
            item.append(c);
            if (CUT5_PUNCTUATION.contains(c)) {
                boolean decimalPoint = c == '.' && i > 0 && i < inp.length() - 1
                        && Character.isDigit(inp.charAt(i - 1)) && Character.isDigit(inp.charAt(i + 1));
                if (!decimalPoint) {
                    merged.add(item.toString());
                    item.setLength(0);
                }
            }
        }
        if (!item.isEmpty()) {
            merged.add(item.toString());
        }
        return joinKept(merged, CUT5_PUNCTUATION);
    }

    private static String joinKept(List<String> items, Set<Character> punctuation) {
        List<String> kept = new ArrayList<>();
        for (String s : items) {
            if (!onlyOf(s, punctuation)) {
                kept.add(s);
            }
        }
        return String.join("\n", kept);
    }

    /**
     * Collapses runs of {@code !?…,.-} to their first character (upstream {@code replace_consecutive_punctuation}).
     *
     * @param text input
     * @return result
     */
    public static String collapsePunctuation(String text) {
        return CONSECUTIVE.matcher(text).replaceAll("$1");
    }

    /**
     * Concatenates consecutive pieces until each is at least {@code threshold} long; a short rest joins the last.
     *
     * @param texts     pieces
     * @param threshold minimum length
     * @return merged pieces
     */
    public static List<String> mergeShort(List<String> texts, int threshold) {
        if (texts.size() < 2) {
            return new ArrayList<>(texts);
        }
        List<String> result = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String element : texts) {
            text.append(element);
            if (text.length() >= threshold) {
                result.add(text.toString());
                text.setLength(0);
            }
        }
        if (!text.isEmpty()) {
            if (result.isEmpty()) {
                result.add(text.toString());
            } else {
                result.set(result.size() - 1, result.getLast() + text);
            }
        }
        return result;
    }

    /**
     * Greedy split of an over-long piece at {@link #SPLITS} characters into pieces of at most {@code maxLength}.
     *
     * @param text      the piece
     * @param maxLength limit
     * @return pieces
     */
    public static List<String> splitBig(String text, int maxLength) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (SPLITS.contains(text.charAt(i))) {
                segments.add(text.substring(start, i));
                segments.add(text.substring(i, i + 1));
                start = i + 1;
            }
        }
        segments.add(text.substring(start));
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String segment : segments) {
            if (current.length() + segment.length() > maxLength) {
                result.add(current.toString());
                current.setLength(0);
            }
            current.append(segment);
        }
        if (!current.isEmpty()) {
            result.add(current.toString());
        }
        return result;
    }

    private static String firstPiece(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (SPLITS.contains(text.charAt(i))) {
                return text.substring(0, i).strip();
            }
        }
        return text.strip();
    }

    /**
     * Upstream {@code pre_seg_text}: the pieces that are synthesised one by one.
     *
     * @param text    user text
     * @param english whether the request language is {@code en} ({@code .} instead of {@code 。})
     * @param method  cut method
     * @return the pieces (empty for empty input)
     * @throws TextException "请输入有效文本" if nothing but blanks remains after cutting
     */
    public static List<String> preSegment(String text, boolean english, Method method) {
        String t = strip(text, "\n");
        if (t.isEmpty()) {
            return List.of();
        }
        String stop = english ? "." : "。";
        if (!SPLITS.contains(t.charAt(0)) && firstPiece(t).length() < 4) {
            t = stop + t;
        }
        t = method.apply(t);
        while (t.contains("\n\n")) {
            t = t.replace("\n\n", "\n");
        }
        List<String> raw = List.of(t.split("\n", -1));
        boolean allBlank = raw.stream().allMatch(s -> s.isEmpty() || s.equals(" ") || s.equals("\n"));
        if (allBlank) {
            throw new TextException("请输入有效文本");
        }
        List<String> filtered = new ArrayList<>();
        for (String s : raw) {
            if (!s.isEmpty() && !s.equals(" ")) {
                filtered.add(s);
            }
        }
        List<String> out = new ArrayList<>();
        for (String piece : mergeShort(filtered, 5)) {
            if (piece.strip().isEmpty() || NON_WORD.matcher(piece).replaceAll("").isEmpty()) {
                continue;
            }
            String p = SPLITS.contains(piece.charAt(piece.length() - 1)) ? piece : piece + stop;
            if (p.length() > MAX_PIECE) {
                out.addAll(splitBig(p, MAX_PIECE));
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
