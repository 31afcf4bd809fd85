package io.streamcream.sovits.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Mandarin tone sandhi as upstream's {@code tone_sandhi.py}: word merging before sandhi (不, 一, reduplication,
 * continuous third tones, 儿) and the per-word rules for 不, 一, neutral tones and third-tone sandhi.
 * <p>
 * A syllable is a toned pinyin string such as {@code hao3}; punctuation is its own character with no tone digit.
 */
final class ToneSandhi {
    /** A segmented word with its (jieba-style) part-of-speech tag. */
    record Word(String text, String pos) {
    }

    private static final String PUNCTUATION = "、：，；。？！“”‘’':,;.?!";
    private static final String NUMERALS = "零〇一二三四五六七八九十百千万亿";
    static final Set<String> MUST_NEUTRAL = Set.of(
            "麻烦", "麻利", "鸳鸯", "高粱", "骨头", "骆驼", "马虎", "首饰", "馒头", "馄饨", "风筝", "难为", "队伍", "阔气",
            "闺女", "门道", "锄头", "铺盖", "铃铛", "铁匠", "钥匙", "里脊", "里头", "部分", "那么", "道士", "造化", "迷糊",
            "连累", "这么", "这个", "运气", "过去", "软和", "转悠", "踏实", "跳蚤", "跟头", "趔趄", "财主", "豆腐", "讲究",
            "记性", "记号", "认识", "规矩", "见识", "裁缝", "补丁", "衣裳", "衣服", "衙门", "街坊", "行李", "行当", "蛤蟆",
            "蘑菇", "薄荷", "葫芦", "葡萄", "萝卜", "荸荠", "苗条", "苗头", "苍蝇", "芝麻", "舒服", "舒坦", "舌头", "自在",
            "膏药", "脾气", "脑袋", "脊梁", "能耐", "胳膊", "胭脂", "胡萝", "胡琴", "胡同", "聪明", "耽误", "耽搁", "耷拉",
            "耳朵", "老爷", "老实", "老婆", "老头", "老太", "翻腾", "罗嗦", "罐头", "编辑", "结实", "红火", "累赘", "糨糊",
            "糊涂", "精神", "粮食", "簸箕", "篱笆", "算计", "算盘", "答应", "笤帚", "笑语", "笑话", "窟窿", "窝囊", "窗户",
            "稳当", "稀罕", "称呼", "秧歌", "秀气", "秀才", "福气", "祖宗", "砚台", "码头", "石榴", "石头", "石匠", "知识",
            "眼睛", "眯缝", "眨巴", "眉毛", "相声", "盘算", "白净", "痢疾", "痛快", "疟疾", "疙瘩", "疏忽", "畜生", "生意",
            "甘蔗", "琵琶", "琢磨", "琉璃", "玻璃", "玫瑰", "玄乎", "狐狸", "状元", "特务", "牲口", "牙碜", "牌楼", "爽快",
            "爱人", "热闹", "烧饼", "烟筒", "烂糊", "点心", "炊帚", "灯笼", "火候", "漂亮", "滑溜", "溜达", "温和", "清楚",
            "消息", "浪头", "活泼", "比方", "正经", "欺负", "模糊", "槟榔", "棺材", "棒槌", "棉花", "核桃", "栅栏", "柴火",
            "架势", "枕头", "枇杷", "机灵", "本事", "木头", "木匠", "朋友", "月饼", "月亮", "暖和", "明白", "时候", "新鲜",
            "故事", "收拾", "收成", "提防", "挖苦", "挑剔", "指甲", "指头", "拾掇", "拳头", "拨弄", "招牌", "招呼", "抬举",
            "护士", "折腾", "扫帚", "打量", "打算", "打点", "打扮", "打听", "打发", "扎实", "扁担", "戒指", "懒得", "意识",
            "意思", "情形", "悟性", "怪物", "思量", "怎么", "念头", "念叨", "快活", "忙活", "志气", "心思", "得罪", "张罗",
            "弟兄", "开通", "应酬", "庄稼", "干事", "帮手", "帐篷", "希罕", "师父", "师傅", "巴结", "巴掌", "差事", "工夫",
            "岁数", "屁股", "尾巴", "少爷", "小气", "小伙", "将就", "对头", "对付", "寡妇", "家伙", "客气", "实在", "官司",
            "学问", "学生", "字号", "嫁妆", "媳妇", "媒人", "婆家", "娘家", "委屈", "姑娘", "姐夫", "妯娌", "妥当", "妖精",
            "奴才", "女婿", "头发", "太阳", "大爷", "大方", "大意", "大夫", "多少", "多么", "外甥", "壮实", "地道", "地方",
            "在乎", "困难", "嘴巴", "嘱咐", "嘟囔", "嘀咕", "喜欢", "喇嘛", "喇叭", "商量", "唾沫", "哑巴", "哈欠", "哆嗦",
            "咳嗽", "和尚", "告诉", "告示", "含糊", "吓唬", "后头", "名字", "名堂", "合同", "吆喝", "叫唤", "口袋", "厚道",
            "厉害", "千斤", "包袱", "包涵", "匀称", "勤快", "动静", "动弹", "功夫", "力气", "前头", "刺猬", "刺激", "别扭",
            "利落", "利索", "利害", "分析", "出息", "凑合", "凉快", "冷战", "冤枉", "冒失", "养活", "关系", "先生", "兄弟",
            "便宜", "使唤", "佩服", "作坊", "体面", "位置", "似的", "伙计", "休息", "什么", "人家", "亲戚", "亲家", "交情",
            "云彩", "事情", "买卖", "主意", "丫头", "丧气", "两口", "东西", "东家", "世故", "不由", "下水", "下巴", "上头",
            "上司", "丈夫", "丈人", "一辈", "那个", "菩萨", "父亲", "母亲", "咕噜", "邋遢", "费用", "冤家", "甜头", "介绍",
            "荒唐", "大人", "泥鳅", "幸福", "熟悉", "计划", "扑腾", "蜡烛", "姥爷", "照顾", "喉咙", "吉他", "弄堂", "蚂蚱",
            "凤凰", "拖沓", "寒碜", "糟蹋", "倒腾", "报复", "逻辑", "盘缠", "喽啰", "牢骚", "咖喱", "扫把", "惦记");
    static final Set<String> MUST_NOT_NEUTRAL = Set.of(
            "男子", "女子", "分子", "原子", "量子", "莲子", "石子", "瓜子", "电子", "人人", "虎虎", "幺幺", "干嘛", "学子",
            "哈哈", "数数", "袅袅", "局地", "以下", "娃哈哈", "花花草草", "留得", "耕地", "想想", "熙熙", "攘攘", "卵子",
            "死死", "冉冉", "恳恳", "佼佼", "吵吵", "打打", "考考", "整整", "莘莘", "落地", "算子", "家家户户", "青青");

    private final Function<String, List<String>> pinyin;
    private final Predicate<String> dictionaryWord;

    /**
     * @param pinyin         toned pinyin of a word, one entry per character
     * @param dictionaryWord whether a string is a dictionary word (for the search-mode split of 3+ character words)
     */
    ToneSandhi(Function<String, List<String>> pinyin, Predicate<String> dictionaryWord) {
        this.pinyin = pinyin;
        this.dictionaryWord = dictionaryWord;
    }

    static char tone(String syllable) {
        return syllable.isEmpty() ? ' ' : syllable.charAt(syllable.length() - 1);
    }

    static String withTone(String syllable, char tone) {
        if (syllable.isEmpty() || !Character.isDigit(tone(syllable))) {
            return syllable;
        }
        return syllable.substring(0, syllable.length() - 1) + tone;
    }

    private static boolean allThree(List<String> finals) {
        return finals.stream().allMatch(f -> tone(f) == '3');
    }

    private static boolean reduplication(String word) {
        return word.length() == 2 && word.charAt(0) == word.charAt(1);
    }

    // ---- merging before sandhi ----

    List<Word> preMerge(List<Word> seg) {
        List<Word> s = mergeBu(seg);
        s = mergeYi(s);
        s = mergeReduplication(s);
        s = mergeThreeTones(s);
        s = mergeThreeTones2(s);
        return mergeEr(s);
    }

    static List<Word> mergeBu(List<Word> seg) {
        List<Word> out = new ArrayList<>();
        String last = "";
        for (Word w : seg) {
            String word = w.text();
            if (last.equals("不")) {
                word = last + word;
            }
            if (!word.equals("不")) {
                out.add(new Word(word, w.pos()));
            }
            last = word;
        }
        if (last.equals("不")) {
            out.add(new Word("不", "d"));
        }
        return out;
    }

    static List<Word> mergeYi(List<Word> seg) {
        List<Word> first = new ArrayList<>();
        int i = 0;
        while (i < seg.size()) {
            Word w = seg.get(i);
            boolean merged = false;
            if (i >= 1 && w.text().equals("一") && i + 1 < seg.size()) {
                Word last = first.isEmpty() ? seg.get(i - 1) : first.getLast();
                Word next = seg.get(i + 1);
                if (last.text().equals(next.text()) && last.pos().equals("v") && next.pos().equals("v")) {
                    first.set(first.size() - 1, new Word(last.text() + "一" + next.text(), last.pos()));
                    i += 2;
                    merged = true;
                }
            }
            if (!merged) {
                first.add(w);
                i++;
            }
        }
        List<Word> out = new ArrayList<>();
        for (Word w : first) {
            if (!out.isEmpty() && out.getLast().text().equals("一")) {
                out.set(out.size() - 1, new Word("一" + w.text(), out.getLast().pos()));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    static List<Word> mergeReduplication(List<Word> seg) {
        List<Word> out = new ArrayList<>();
        for (Word w : seg) {
            if (!out.isEmpty() && w.text().equals(out.getLast().text())) {
                out.set(out.size() - 1, new Word(out.getLast().text() + w.text(), out.getLast().pos()));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private List<Word> mergeThreeTones(List<Word> seg) {
        List<List<String>> finals = seg.stream().map(w -> pinyin.apply(w.text())).toList();
        List<Word> out = new ArrayList<>();
        boolean[] mergedLast = new boolean[seg.size()];
        for (int i = 0; i < seg.size(); i++) {
            Word w = seg.get(i);
            if (i >= 1 && allThree(finals.get(i - 1)) && allThree(finals.get(i)) && !mergedLast[i - 1]
                    && !reduplication(seg.get(i - 1).text())
                    && seg.get(i - 1).text().length() + w.text().length() <= 3) {
                out.set(out.size() - 1, new Word(out.getLast().text() + w.text(), out.getLast().pos()));
                mergedLast[i] = true;
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private List<Word> mergeThreeTones2(List<Word> seg) {
        List<List<String>> finals = seg.stream().map(w -> pinyin.apply(w.text())).toList();
        List<Word> out = new ArrayList<>();
        boolean[] mergedLast = new boolean[seg.size()];
        for (int i = 0; i < seg.size(); i++) {
            Word w = seg.get(i);
            List<String> previous = i >= 1 ? finals.get(i - 1) : List.of();
            List<String> current = finals.get(i);
            if (i >= 1 && !previous.isEmpty() && !current.isEmpty() && tone(previous.getLast()) == '3'
                    && tone(current.getFirst()) == '3' && !mergedLast[i - 1]
                    && !reduplication(seg.get(i - 1).text())
                    && seg.get(i - 1).text().length() + w.text().length() <= 3) {
                out.set(out.size() - 1, new Word(out.getLast().text() + w.text(), out.getLast().pos()));
                mergedLast[i] = true;
            } else {
                out.add(w);
            }
        }
        return out;
    }

    static List<Word> mergeEr(List<Word> seg) {
        List<Word> out = new ArrayList<>();
        for (int i = 0; i < seg.size(); i++) {
            Word w = seg.get(i);
            if (i >= 1 && w.text().equals("儿") && !seg.get(i - 1).text().equals("#")) {
                out.set(out.size() - 1, new Word(out.getLast().text() + "儿", out.getLast().pos()));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    // ---- per-word sandhi ----

    List<String> modify(String word, String pos, List<String> finals) {
        List<String> f = new ArrayList<>(finals);
        bu(word, f);
        yi(word, f);
        neutral(word, pos, f);
        return three(word, f);
    }

    private static void bu(String word, List<String> f) {
        if (word.length() == 3 && word.charAt(1) == '不') {
            f.set(1, withTone(f.get(1), '5'));
            return;
        }
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) == '不' && i + 1 < word.length() && tone(f.get(i + 1)) == '4') {
                f.set(i, withTone(f.get(i), '2'));
            }
        }
    }

    private static void yi(String word, List<String> f) {
        if (word.indexOf('一') >= 0 && word.chars().filter(c -> c != '一').allMatch(c -> NUMERALS.indexOf(c) >= 0
                || Character.isDigit(c))) {
            return;
        }
        if (word.length() == 3 && word.charAt(1) == '一' && word.charAt(0) == word.charAt(2)) {
            f.set(1, withTone(f.get(1), '5'));
        } else if (word.startsWith("第一")) {
            f.set(1, withTone(f.get(1), '1'));
        } else {
            for (int i = 0; i < word.length(); i++) {
                if (word.charAt(i) == '一' && i + 1 < word.length()) {
                    if (tone(f.get(i + 1)) == '4') {
                        f.set(i, withTone(f.get(i), '2'));
                    } else if (PUNCTUATION.indexOf(word.charAt(i + 1)) < 0) {
                        f.set(i, withTone(f.get(i), '4'));
                    }
                }
            }
        }
    }

    private void neutral(String word, String pos, List<String> f) {
        int n = word.length();
        char first = pos.isEmpty() ? ' ' : pos.charAt(0);
        for (int j = 1; j < n; j++) {
            if (word.charAt(j) == word.charAt(j - 1) && (first == 'n' || first == 'v' || first == 'a')
                    && !MUST_NOT_NEUTRAL.contains(word)) {
                f.set(j, withTone(f.get(j), '5'));
            }
        }
        int ge = word.indexOf('个');
        char last = word.charAt(n - 1);
        if ("吧呢哈啊呐噻嘛吖嗨哦哒额滴哩哟喽啰耶喔诶".indexOf(last) >= 0) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        } else if ("的地得".indexOf(last) >= 0) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        } else if (n == 1 && "了着过".indexOf(last) >= 0 && Set.of("ul", "uz", "ug").contains(pos)) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        } else if (n > 1 && "们子".indexOf(last) >= 0 && Set.of("r", "n").contains(pos)
                && !MUST_NOT_NEUTRAL.contains(word)) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        } else if (n > 1 && "上下里".indexOf(last) >= 0 && Set.of("s", "l", "f").contains(pos)) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        } else if (n > 1 && "来去".indexOf(last) >= 0 && "上下进出回过起开".indexOf(word.charAt(n - 2)) >= 0) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        } else if ((ge >= 1 && (Character.isDigit(word.charAt(ge - 1)) || NUMERALS.indexOf(word.charAt(ge - 1)) >= 0
                || "几有两半多各整每做是".indexOf(word.charAt(ge - 1)) >= 0)) || word.equals("个")) {
            f.set(ge, withTone(f.get(ge), '5'));
        } else if (MUST_NEUTRAL.contains(word) || (n >= 2 && MUST_NEUTRAL.contains(word.substring(n - 2)))) {
            f.set(n - 1, withTone(f.get(n - 1), '5'));
        }
        List<String> parts = split(word);
        int cut = parts.get(0).length();
        for (int p = 0; p < 2; p++) {
            String sub = parts.get(p);
            int end = p == 0 ? cut : n;
            if (sub.isEmpty()) {
                continue;
            }
            if (MUST_NEUTRAL.contains(sub) || (sub.length() >= 2 && MUST_NEUTRAL.contains(sub.substring(sub.length() - 2)))) {
                f.set(end - 1, withTone(f.get(end - 1), '5'));
            }
        }
    }

    /**
     * Splits a word in two around its shortest dictionary sub-word (jieba's search mode, as upstream
     * {@code _split_word}); a word without sub-words gives {@code [word, ""]}.
     */
    List<String> split(String word) {
        String sub = word;
        int n = word.length();
        if (n > 2) {
            for (int i = 0; i + 2 <= n && sub.equals(word); i++) {
                String gram = word.substring(i, i + 2);
                if (dictionaryWord.test(gram)) {
                    sub = gram;
                }
            }
        }
        if (sub.equals(word) && n > 3) {
            for (int i = 0; i + 3 <= n && sub.equals(word); i++) {
                String gram = word.substring(i, i + 3);
                if (dictionaryWord.test(gram)) {
                    sub = gram;
                }
            }
        }
        int begin = word.indexOf(sub);
        if (begin == 0) {
            return List.of(sub, word.substring(sub.length()));
        }
        return List.of(word.substring(0, n - sub.length()), sub);
    }

    private List<String> three(String word, List<String> f) {
        int n = word.length();
        if (n == 2 && allThree(f)) {
            f.set(0, withTone(f.get(0), '2'));
        } else if (n == 3) {
            List<String> parts = split(word);
            int cut = parts.get(0).length();
            if (allThree(f)) {
                if (cut == 2) {
                    f.set(0, withTone(f.get(0), '2'));
                    f.set(1, withTone(f.get(1), '2'));
                } else if (cut == 1) {
                    f.set(1, withTone(f.get(1), '2'));
                }
            } else {
                List<String> head = new ArrayList<>(f.subList(0, cut));
                List<String> tail = new ArrayList<>(f.subList(cut, n));
                if (allThree(head) && head.size() == 2) {
                    head.set(0, withTone(head.get(0), '2'));
                }
                if (allThree(tail) && tail.size() == 2) {
                    tail.set(0, withTone(tail.get(0), '2'));
                } else if (!tail.isEmpty() && !allThree(tail) && tone(tail.get(0)) == '3' && !head.isEmpty()
                        && tone(head.getLast()) == '3') {
                    head.set(head.size() - 1, withTone(head.getLast(), '2'));
                }
                f.clear();
                f.addAll(head);
                f.addAll(tail);
            }
        } else if (n == 4) {
            for (int start = 0; start < 4; start += 2) {
                if (tone(f.get(start)) == '3' && tone(f.get(start + 1)) == '3') {
                    f.set(start, withTone(f.get(start), '2'));
                }
            }
        }
        return f;
    }
}
