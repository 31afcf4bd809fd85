package io.streamcream.sovits.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hankcs.hanlp.HanLP;

/**
 * Chinese text normalisation (upstream {@code chinese2.text_normalize}): traditional → simplified, full-width →
 * half-width, verbalisation of dates, times, ranges, temperatures, units, fractions, percentages, phone numbers,
 * negative/decimal numbers and counts, then the punctuation map and removal of everything that is not a CJK
 * character or one of {@code !?…,.-}.
 * <p>
 * Deliberate deviations: upstream reads any bare 7–8 digit number as a landline number (digit by digit); here a
 * landline needs its area code and hyphen ({@code 010-12345678}), so {@code 1000000人} is 一百万人. Upstream replaces unit abbreviations ({@code m}, {@code s}, {@code kg}, ...) anywhere in the
 * sentence; here they are only read after a number.
 */
public final class ChineseNormalizer {
    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4}|\\d{2})年((0?[1-9]|1[0-2])月)?(((0?[1-9])|([12][0-9])|30|31)([日号]))?");
    private static final Pattern DATE2 = Pattern.compile("(\\d{4})([- /.])(0[1-9]|1[012])\\2(0[1-9]|[12][0-9]|3[01])");
    private static final Pattern TIME_RANGE = Pattern.compile(
            "([0-1]?[0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?(~|-)([0-1]?[0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?");
    private static final Pattern TIME = Pattern.compile("(?<!\\d)([0-1]?[0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?(?!\\d)");
    private static final Pattern TEMPERATURE = Pattern.compile("(-?)" + NUM + "(°C|℃|度|摄氏度)");
    private static final Pattern FRACTION = Pattern.compile("(-?)(\\d+)/(\\d+)");
    private static final Pattern PERCENTAGE = Pattern.compile("(-?)" + NUM + "%");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)((\\+?86 ?)?1([38]\\d|5[0-35-9]|7[678]|9[89])\\d{8})(?!\\d)");
    private static final Pattern TELEPHONE = Pattern.compile("(?<!\\d)((0(10|2[1-3]|[3-9]\\d{2})-)[1-9]\\d{6,7})(?!\\d)");
    private static final Pattern RANGE = Pattern.compile(NUM + "[-~]" + NUM);
    private static final Pattern NEGATIVE = Pattern.compile("(?<![\\d.])-" + NUM);
    private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.\\d+)|(?<!\\d)\\.(\\d+)");
    private static final Pattern DEFAULT_NUM = Pattern.compile("\\d{3}\\d*");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String QUANTIFIERS = "(个|只|分|万|亿|元|角|块|毛|次|年|月|日|号|天|周|小时|分钟|秒|岁|人|本|条|张|件|台|辆|层|"
            + "米|千米|公里|厘米|毫米|克|千克|公斤|斤|两|吨|升|毫升|倍|页|名|位|家|所|场|首|部|篇|座|架|艘|棵|杯|碗|瓶|盒|包|双|对|套|"
            + "份|句|段|行|项|道|批|群|种|类|度|元钱|美元|英镑|欧元|日元|港元|户|间|把|支|根|颗|粒|片|块钱|点|股|笔|期|届|代|辈|集|季|"
            + "回|趟|遍|声|下|步|拳|脚|枪|发|轮|局|盘|分之|成|毫克|平方米|立方米|秒钟|刻)";
    private static final Pattern POSITIVE_QUANTIFIER = Pattern.compile("(\\d+)([多余几+])?" + QUANTIFIERS);
    private static final Map<String, String> UNITS = new LinkedHashMap<>();
    private static final Pattern MEASURE;

    static {
        UNITS.put("cm²", "平方厘米");
        UNITS.put("cm2", "平方厘米");
        UNITS.put("cm³", "立方厘米");
        UNITS.put("cm3", "立方厘米");
        UNITS.put("m²", "平方米");
        UNITS.put("m2", "平方米");
        UNITS.put("m³", "立方米");
        UNITS.put("m3", "立方米");
        UNITS.put("km/h", "千米每小时");
        UNITS.put("m/s", "米每秒");
        UNITS.put("km", "千米");
        UNITS.put("cm", "厘米");
        UNITS.put("mm", "毫米");
        UNITS.put("kg", "千克");
        UNITS.put("mg", "毫克");
        UNITS.put("ml", "毫升");
        UNITS.put("db", "分贝");
        UNITS.put("ms", "毫秒");
        UNITS.put("m", "米");
        UNITS.put("g", "克");
        UNITS.put("l", "升");
        UNITS.put("s", "秒");
        StringBuilder alternatives = new StringBuilder();
        for (String unit : UNITS.keySet()) {
            if (!alternatives.isEmpty()) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(unit));
        }
        MEASURE = Pattern.compile(NUM + "(" + alternatives + ")(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    }

    private ChineseNormalizer() {
    }

    private static final Pattern UNIT_AT;

    static {
        StringBuilder alternatives = new StringBuilder();
        for (String unit : UNITS.keySet()) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(unit));
        }
        UNIT_AT = Pattern.compile("(?:" + alternatives + ")(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    }

    /**
     * Length of a unit abbreviation ({@code kg}, {@code km/h}, ...) starting at {@code index}, or 0.
     *
     * @param text  text
     * @param index position right after a digit
     * @return characters of the unit
     */
    static int unitLength(String text, int index) {
        Matcher m = UNIT_AT.matcher(text);
        m.region(index, text.length());
        return m.lookingAt() ? m.end() - index : 0;
    }

    /**
     * Full normalisation as upstream: sentence verbalisation then the punctuation map and filter.
     *
     * @param text raw Chinese text
     * @return text of CJK characters and {@code !?…,.-} only
     */
    public static String normalize(String text) {
        return TextSplitter.collapsePunctuation(replacePunctuation(verbalize(text)));
    }

    /**
     * Character conversion and number verbalisation, without the punctuation filter.
     *
     * @param text input
     * @return verbalised text
     */
    public static String verbalize(String text) {
        String s = HanLP.convertToSimplifiedChinese(toHalfWidth(text));
        s = replace(DATE, s, m -> {
            StringBuilder sb = new StringBuilder(ChineseNumbers.digits(m.group(1), false)).append('年');
            if (m.group(3) != null) {
                sb.append(ChineseNumbers.cardinal(m.group(3))).append('月');
            }
            if (m.group(5) != null) {
                sb.append(ChineseNumbers.cardinal(m.group(5))).append(m.group(8));
            }
            return sb.toString();
        });
        s = replace(DATE2, s, m -> ChineseNumbers.digits(m.group(1), false) + "年"
                + ChineseNumbers.cardinal(m.group(3)) + "月" + ChineseNumbers.cardinal(m.group(4)) + "日");
        s = replace(TIME_RANGE, s, m -> time(m.group(1), m.group(2), m.group(4)) + "至"
                + time(m.group(6), m.group(7), m.group(9)));
        s = replace(TIME, s, m -> time(m.group(1), m.group(2), m.group(4)));
        s = replace(TEMPERATURE, s, m -> (m.group(1).isEmpty() ? "" : "零下") + ChineseNumbers.number(m.group(2))
                + (m.group(3).equals("摄氏度") || m.group(3).equals("°C") || m.group(3).equals("℃") ? "摄氏度" : "度"));
        s = replace(MEASURE, s, m -> ChineseNumbers.number(m.group(1)) + UNITS.get(m.group(2).toLowerCase()));
        s = replace(FRACTION, s, m -> (m.group(1).isEmpty() ? "" : "负") + ChineseNumbers.cardinal(m.group(3)) + "分之"
                + ChineseNumbers.cardinal(m.group(2)));
        s = replace(PERCENTAGE, s, m -> (m.group(1).isEmpty() ? "" : "负") + "百分之" + ChineseNumbers.number(m.group(2)));
        s = replace(MOBILE, s, m -> ChineseNumbers.digits(m.group(1).replace("+", "").replace(" ", ""), true));
        s = replace(TELEPHONE, s, m -> {
            String[] parts = m.group(1).split("-");
            StringBuilder sb = new StringBuilder();
            for (String p : parts) {
                if (!sb.isEmpty()) {
                    sb.append('，');
                }
                sb.append(ChineseNumbers.digits(p, true));
            }
            return sb.toString();
        });
        s = replace(RANGE, s, m -> ChineseNumbers.number(m.group(1)) + "到" + ChineseNumbers.number(m.group(2)));
        s = replace(NEGATIVE, s, m -> "负" + ChineseNumbers.number(m.group(1)));
        s = replace(DECIMAL, s, m -> ChineseNumbers.number(m.group(1) != null ? m.group(1) : "." + m.group(2)));
        s = replace(POSITIVE_QUANTIFIER, s, m -> ChineseNumbers.cardinal(m.group(1))
                + (m.group(2) == null ? "" : m.group(2).equals("+") ? "多" : m.group(2)) + m.group(3));
        s = replace(DEFAULT_NUM, s, m -> ChineseNumbers.digits(m.group(), false));
        s = replace(NUMBER, s, m -> ChineseNumbers.cardinal(m.group()));
        return s;
    }

    private static String time(String hour, String minute, String second) {
        StringBuilder sb = new StringBuilder(ChineseNumbers.cardinal(hour)).append('点');
        if (!minute.replace("0", "").isEmpty()) {
            if (Integer.parseInt(minute) == 30) {
                sb.append('半');
            } else {
                sb.append(timePart(minute)).append('分');
            }
        }
        if (second != null && !second.replace("0", "").isEmpty()) {
            sb.append(timePart(second)).append('秒');
        }
        return sb.toString();
    }

    private static String timePart(String digits) {
        String value = ChineseNumbers.cardinal(digits);
        return digits.startsWith("0") ? "零" + value : value;
    }

    private static String replace(Pattern pattern, String s, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to half-width. Full-width punctuation that the
     * punctuation map handles ({@code ，。！？：；～}) is kept.
     *
     * @param text input
     * @return converted text
     */
    public static String toHalfWidth(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u3000') {
                sb.append(' ');
            } else if (c >= '\uFF01' && c <= '\uFF5E' && "，！？：；～".indexOf(c) < 0) {
                sb.append((char) (c - 0xFEE0));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Upstream {@code replace_punctuation}: 嗯→恩, 呣→母, the punctuation map, then removal of every character that is
     * not in U+4E00..U+9FA5 or {@code !?…,.-}.
     *
     * @param text input
     * @return filtered text
     */
    public static String replacePunctuation(String text) {
        String s = text.replace("嗯", "恩").replace("呣", "母").replace("...", "…");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char mapped = switch (c) {
                case '：', '；', '，', '·', '、' -> ',';
                case '。', '\n', '$' -> '.';
                case '！' -> '!';
                case '？' -> '?';
                case '/' -> ',';
                case '—' -> '-';
                case '~', '～' -> '…';
                default -> c;
            };
            if ((mapped >= '\u4e00' && mapped <= '\u9fa5') || "!?…,.-".indexOf(mapped) >= 0) {
                sb.append(mapped);
            }
        }
        return sb.toString();
    }
}
