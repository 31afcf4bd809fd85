package io.streamcream.login.preferences;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamcream.common.http.FieldError;

/**
 * The type of one known preference field. JSON {@code null} is accepted everywhere and means
 * "not set"; strings may be empty (the settings page sends empty fields as {@code ""}).
 */
sealed interface FieldRule {

    /**
     * Checks a value.
     *
     * @param path   field path, e.g. {@code aiSettings.temperature}
     * @param value  the value (never Java null)
     * @param errors where violations go
     */
    void check(String path, JsonNode value, List<FieldError> errors);

    /** @return a boolean */
    static FieldRule bool() {
        return new Bool();
    }

    /**
     * @param maxLength longest accepted string
     * @return a string
     */
    static FieldRule text(int maxLength) {
        return new Text(maxLength);
    }

    /** @return an http(s) URL, or empty */
    static FieldRule httpUrl() {
        return new HttpUrl();
    }

    /**
     * @param min smallest value
     * @param max largest value
     * @return a number in a closed range
     */
    static FieldRule number(double min, double max) {
        return new Decimal(min, max);
    }

    /**
     * @param min smallest value
     * @param max largest value
     * @return an integer in a closed range
     */
    static FieldRule integer(long min, long max) {
        return new Whole(min, max);
    }

    /** @return {@code WxH}, or empty */
    static FieldRule resolution() {
        return new Resolution();
    }

    /** @return one of the frame rates 24, 25, 30, 50, 60, as a number or a string */
    static FieldRule fps() {
        return new Fps();
    }

    /**
     * @param fields rules of the known members; other members are kept unchecked
     * @return an object
     */
    static FieldRule object(Map<String, FieldRule> fields) {
        return new Obj(fields);
    }

    /** Boolean. */
    record Bool() implements FieldRule {
        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (!value.isNull() && !value.isBoolean()) {
                errors.add(new FieldError(path, "必须是布尔值"));
            }
        }
    }

    /** String with a length limit. */
    record Text(int maxLength) implements FieldRule {
        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull()) {
                return;
            }
            if (!value.isTextual()) {
                errors.add(new FieldError(path, "必须是字符串"));
            } else if (value.textValue().length() > maxLength) {
                errors.add(new FieldError(path, "长度不能超过 " + maxLength + " 个字符"));
            }
        }
    }

    /** An http or https URL with a host. */
    record HttpUrl() implements FieldRule {
        private static final int MAX_LENGTH = 2048;

        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
                return;
            }
            if (!value.isTextual()) {
                errors.add(new FieldError(path, "必须是字符串"));
                return;
            }
            String text = value.textValue();
            if (text.length() > MAX_LENGTH || !valid(text)) {
                errors.add(new FieldError(path, "必须是 http(s) 地址"));
            }
        }

        private static boolean valid(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https"))
                        && uri.getHost() != null && !uri.getHost().isEmpty() && uri.getRawUserInfo() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }

    /** A finite number in a range. */
    record Decimal(double min, double max) implements FieldRule {
        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull()) {
                return;
            }
            if (!value.isNumber()) {
                errors.add(new FieldError(path, "必须是数字"));
            } else if (value.doubleValue() < min || value.doubleValue() > max) {
                errors.add(new FieldError(path, "必须在 " + plain(min) + " 到 " + plain(max) + " 之间"));
            }
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /** An integer in a range ({@code 2048.0} counts as an integer). */
    record Whole(long min, long max) implements FieldRule {
        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull()) {
                return;
            }
            if (!value.isNumber() || !value.canConvertToExactIntegral()) {
                errors.add(new FieldError(path, "必须是整数"));
            } else if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
                errors.add(new FieldError(path, "必须在 " + min + " 到 " + max + " 之间"));
            }
        }
    }

    /** {@code <width>x<height>}, each 16-16384. */
    record Resolution() implements FieldRule {
        private static final Pattern FORM = Pattern.compile("([1-9][0-9]{1,4})[xX]([1-9][0-9]{1,4})");

        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
                return;
            }
            if (!value.isTextual()) {
                errors.add(new FieldError(path, "必须是字符串，格式为 宽x高"));
                return;
            }
            var matcher = FORM.matcher(value.textValue());
            if (!matcher.matches() || !inRange(matcher.group(1)) || !inRange(matcher.group(2))) {
                errors.add(new FieldError(path, "格式必须为 宽x高，例如 1920x1080"));
            }
        }

        private static boolean inRange(String digits) {
            int n = Integer.parseInt(digits);
            return n >= 16 && n <= 16384;
        }
    }

    /** A frame rate the streaming service supports. */
    record Fps() implements FieldRule {
        private static final Set<String> ALLOWED = Set.of("24", "25", "30", "50", "60");

        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
                return;
            }
            String text;
            if (value.isTextual()) {
                text = value.textValue();
            } else if (value.isNumber() && value.canConvertToExactIntegral()) {
                text = Long.toString(value.longValue());
            } else {
                text = "";
            }
            if (!ALLOWED.contains(text)) {
                errors.add(new FieldError(path, "必须是 24、25、30、50 或 60"));
            }
        }
    }

    /** An object whose known members are checked and whose other members are kept. */
    record Obj(Map<String, FieldRule> fields) implements FieldRule {
        @Override
        public void check(String path, JsonNode value, List<FieldError> errors) {
            if (value.isNull()) {
                return;
            }
            if (!value.isObject()) {
                errors.add(new FieldError(path, "必须是对象"));
                return;
            }
            for (Map.Entry<String, FieldRule> field : fields.entrySet()) {
                JsonNode member = value.get(field.getKey());
                if (member != null) {
                    field.getValue().check(path + "." + field.getKey(), member, errors);
                }
            }
        }
    }
}
