package io.streamcream.sovits.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.dictionary.py.PinyinDictionary;
import com.hankcs.hanlp.seg.common.Term;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Chinese G2P for normalised text (CJK characters and {@code !?…,.-}): HanLP words and POS tags, phrase pinyin from
 * HanLP's pinyin dictionary (pinyin4j for characters it lacks), upstream's word merging, tone sandhi and erhua, then
 * pinyin → opencpop phones. One entry of {@code word2ph} per character: 2 for a syllable, 1 for punctuation.
 */
public final class ChineseG2p {
    private static final String PUNCTUATION = "!?…,.-";
    private static final Set<String> MUST_ERHUA = Set.of("小院儿", "胡同儿", "范儿", "老汉儿", "撒欢儿", "寻老礼儿", "妥妥儿", "媳妇儿");
    private static final Set<String> NOT_ERHUA = Set.of(
            "虐儿", "为儿", "护儿", "瞒儿", "救儿", "替儿", "有儿", "一儿", "我儿", "俺儿", "妻儿", "拐儿", "聋儿", "乞儿", "患儿",
            "幼儿", "孤儿", "婴儿", "婴幼儿", "连体儿", "脑瘫儿", "流浪儿", "体弱儿", "吞咽儿", "豪门儿", "品质儿", "呓语儿",
            "苦儿", "学儿", "子儿", "孩儿", "女儿", "小儿", "儿");
    private static final HanyuPinyinOutputFormat PINYIN4J = new HanyuPinyinOutputFormat();

    static {
        PINYIN4J.setToneType(HanyuPinyinToneType.WITH_TONE_NUMBER);
        PINYIN4J.setVCharType(HanyuPinyinVCharType.WITH_V);
        PINYIN4J.setCaseType(HanyuPinyinCaseType.LOWERCASE);
    }

    private final ToneSandhi sandhi = new ToneSandhi(ChineseG2p::pinyin, CoreDictionary::contains);

    /** Phones of one Chinese run. */
    public record Result(List<String> phones, int[] word2ph) {
    }

    /**
     * Toned pinyin of a word, one entry per character; punctuation stays itself.
     *
     * @param word the word
     * @return syllables such as {@code hao3}
     */
    public static List<String> pinyin(String word) {
        List<Pinyin> list = HanLP.convertToPinyinList(word);
        List<String> out = new ArrayList<>(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (PUNCTUATION.indexOf(c) >= 0 || !(c >= '\u4e00' && c <= '\u9fa5')) {
                out.add(String.valueOf(c));
                continue;
            }
            Pinyin p = i < list.size() ? list.get(i) : Pinyin.none5;
            out.add(p == Pinyin.none5 ? fallback(c) : p.name());
        }
        return out;
    }

    private static String fallback(char c) {
        try {
            String[] readings = PinyinHelper.toHanyuPinyinStringArray(c, PINYIN4J);
            if (readings != null && readings.length > 0) {
                return readings[0];
            }
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
        throw new TextException("no pinyin for character " + c);
    }

    /**
     * Maps a HanLP nature to the jieba tag that upstream's rules test.
     *
     * @param nature HanLP nature
     * @return jieba-style tag
     */
    static String jiebaPos(String nature) {
        return switch (nature) {
            case "ule" -> "ul";
            case "uzhe" -> "uz";
            case "uguo" -> "ug";
            case "ude1" -> "uj";
            case "ude2" -> "uv";
            case "ude3" -> "ud";
            default -> {
                if (nature.startsWith("nr")) {
                    yield "nr";
                }
                if (nature.startsWith("r")) {
                    yield "r";
                }
                yield nature;
            }
        };
    }

    /**
     * Phones of normalised Chinese text, every reading from the dictionary.
     *
     * @param normText output of {@link ChineseNormalizer#normalize}
     * @return phones and word2ph
     */
    public Result g2p(String normText) {
        return g2p(normText, PolyphoneModel.NONE);
    }

    /**
     * Phones of normalised Chinese text.
     *
     * @param normText    output of {@link ChineseNormalizer#normalize}
     * @param polyphones  readings decided per sentence; they replace the dictionary's for characters of words that
     *                    the phrase dictionary does not know (single characters and unknown words)
     * @return phones and word2ph
     */
    public Result g2p(String normText, PolyphoneModel polyphones) {
        List<String> phones = new ArrayList<>();
        List<Integer> word2ph = new ArrayList<>();
        for (String sentence : sentences(normText)) {
            List<ToneSandhi.Word> seg = new ArrayList<>();
            for (Term term : HanLP.segment(sentence)) {
                seg.add(new ToneSandhi.Word(term.word, jiebaPos(term.nature == null ? "x" : term.nature.toString())));
            }
            String[] decided = polyphones.predict(sentence);
            int offset = 0;
            for (ToneSandhi.Word word : sandhi.preMerge(seg)) {
                List<String> readings = withDecided(word.text(), pinyin(word.text()), decided, offset);
                offset += word.text().length();
                List<String> finals = sandhi.modify(word.text(), word.pos(), readings);
                finals = erhua(word.text(), word.pos(), finals);
                for (int i = 0; i < finals.size(); i++) {
                    String syllable = finals.get(i);
                    char c = word.text().charAt(i);
                    if (PUNCTUATION.indexOf(c) >= 0) {
                        phones.add(String.valueOf(c));
                        word2ph.add(1);
                    } else {
                        int tone = syllable.charAt(syllable.length() - 1) - '0';
                        phones.addAll(PinyinPhones.phones(syllable.substring(0, syllable.length() - 1), tone));
                        word2ph.add(2);
                    }
                }
            }
        }
        return new Result(List.copyOf(phones), word2ph.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The model's readings for the characters of {@code word} (at {@code offset} in its sentence), unless the phrase
     * dictionary knows the whole word.
     */
    private static List<String> withDecided(String word, List<String> readings, String[] decided, int offset) {
        List<String> out = null;
        for (int i = 0; i < word.length() && offset + i < decided.length; i++) {
            String reading = decided[offset + i];
            if (reading != null && !reading.equals(readings.get(i))) {
                if (out == null) {
                    out = new ArrayList<>(readings);
                }
                out.set(i, reading);
            }
        }
        // The phrase dictionary is only consulted when the model disagrees with it, not for every word.
        if (out == null || (word.length() > 1 && PinyinDictionary.get(word) != null)) {
            return readings;
        }
        return out;
    }

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (PUNCTUATION.indexOf(text.charAt(i)) >= 0) {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private static List<String> erhua(String word, String pos, List<String> finals) {
        List<String> f = new ArrayList<>(finals);
        int last = f.size() - 1;
        if (last >= 0 && word.charAt(last) == '儿' && f.get(last).equals("er1")) {
            f.set(last, "er2");
        }
        if (!MUST_ERHUA.contains(word) && (NOT_ERHUA.contains(word) || Set.of("a", "j", "nr").contains(pos))) {
            return f;
        }
        if (f.size() != word.length() || f.size() < 2) {
            return f;
        }
        String tail = word.substring(word.length() - 2);
        String syllable = f.get(last);
        if (word.charAt(last) == '儿' && (syllable.equals("er2") || syllable.equals("er5")) && !NOT_ERHUA.contains(tail)) {
            char previousTone = ToneSandhi.tone(f.get(last - 1));
            if (Character.isDigit(previousTone)) {
                f.set(last, "er" + previousTone);
            }
        }
        return f;
    }
}
