package io.streamcream.login.account;

import java.util.regex.Pattern;

import io.streamcream.common.http.JsonFields;

/** Server-side validation of account fields (the original only had them client-side). */
public final class AccountRules {

    /** Usernames: letters, digits and underscore, 3 to 20 characters. */
    public static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_]{3,20}$");
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9_.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 128;

    private AccountRules() {
    }

    /**
     * @param fields   where errors are recorded
     * @param field    field name
     * @param username value to check (skipped when empty: the required check reports that)
     */
    public static void username(JsonFields fields, String field, String username) {
        if (!username.isEmpty() && !USERNAME.matcher(username).matches()) {
            fields.reject(field, "用户名只能包含字母、数字和下划线，长度为3-20个字符");
        }
    }

    /**
     * @param fields where errors are recorded
     * @param field  field name
     * @param email  value to check
     */
    public static void email(JsonFields fields, String field, String email) {
        if (!email.isEmpty() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            fields.reject(field, "邮箱格式不正确");
        }
    }

    /**
     * @param fields   where errors are recorded
     * @param field    field name
     * @param password value to check
     */
    public static void password(JsonFields fields, String field, String password) {
        int length = password.codePointCount(0, password.length());
        if (!password.isEmpty() && (length < MIN_PASSWORD || length > MAX_PASSWORD)) {
            fields.reject(field, "密码长度必须为8-128个字符");
        }
    }
}
