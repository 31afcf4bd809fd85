package io.streamcream.sovits.text;

/**
 * Chinese verbalisation of digit strings: cardinals with 十百千万亿, digit-by-digit reading, decimals.
 */
public final class ChineseNumbers {
    private static final String DIGITS = "零一二三四五六七八九";
    private static final int[] POWERS = {8, 4, 3, 2, 1};
    private static final String[] UNITS = {"亿", "万", "千", "百", "十"};

    private ChineseNumbers() {
    }

    /**
     * Reads every digit ({@code 2024} → 二零二四).
     *
     * @param digits ASCII digits
     * @param altOne read 1 as 幺 (phone numbers)
     * @return Chinese digits
     */
    public static String digits(String digits, boolean altOne) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(altOne && c == '1' ? '幺' : DIGITS.charAt(c - '0'));
            }
        }
        return sb.toString();
    }

    /**
     * A cardinal ({@code 105} → 一百零五, {@code 12} → 十二, {@code 0} → 零).
     *
     * @param value ASCII digits, possibly with leading zeros
     * @return Chinese
     */
    public static String cardinal(String value) {
        if (value.isEmpty()) {
            return "";
        }
        String stripped = stripZeros(value);
        if (stripped.isEmpty()) {
            return "零";
        }
        String result = value(stripped, true);
        if (result.length() >= 2 && result.charAt(0) == '一' && result.charAt(1) == '十') {
            result = result.substring(1);
        }
        return result;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    private static String value(String valueString, boolean useZero) {
        String stripped = stripZeros(valueString);
        if (stripped.isEmpty()) {
            return "";
        }
        if (stripped.length() == 1) {
            String d = String.valueOf(DIGITS.charAt(stripped.charAt(0) - '0'));
            return useZero && stripped.length() < valueString.length() ? "零" + d : d;
        }
        for (int k = 0; k < POWERS.length; k++) {
            int power = POWERS[k];
            if (power < stripped.length()) {
                String first = valueString.substring(0, valueString.length() - power);
                String second = valueString.substring(valueString.length() - power);
                return value(first, true) + UNITS[k] + value(second, true);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * A number with an optional fraction ({@code 3.14} → 三点一四, {@code 2.50} → 二点五, {@code .5} → 零点五).
     *
     * @param number ASCII number without sign
     * @return Chinese
     */
    public static String number(String number) {
        int dot = number.indexOf('.');
        String integer = dot < 0 ? number : number.substring(0, dot);
        String decimal = dot < 0 ? "" : number.substring(dot + 1);
        String result = cardinal(integer);
        int end = decimal.length();
        while (end > 0 && decimal.charAt(end - 1) == '0') {
            end--;
        }
        decimal = decimal.substring(0, end);
        if (!decimal.isEmpty()) {
            if (result.isEmpty()) {
                result = "零";
            }
            result += "点" + digits(decimal, false);
        }
        return result;
    }
}
