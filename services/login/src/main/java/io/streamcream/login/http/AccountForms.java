package io.streamcream.login.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamcream.common.http.JsonFields;
import io.streamcream.login.account.AccountRules;

/**
 * Parses and validates the JSON bodies of the account routes, the same for both faces. Missing
 * fields keep the original system's messages.
 */
final class AccountForms {

    private AccountForms() {
    }

    record Register(String username, String email, String password) {
        static Register parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String username = f.requiredString("username");
            String email = f.requiredString("email");
            String password = f.requiredRawString("password");
            AccountRules.username(f, "username", username);
            AccountRules.email(f, "email", email);
            AccountRules.password(f, "password", password);
            f.throwIfInvalid("所有字段都是必填的");
            return new Register(username, email, password);
        }
    }

    record VerifyEmail(String email, String code) {
        static VerifyEmail parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String email = f.requiredString("email");
            String code = f.requiredString("code");
            f.throwIfInvalid("邮箱和验证码都是必填的");
            return new VerifyEmail(email, code);
        }
    }

    record Email(String email) {
        static Email parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String email = f.requiredString("email");
            f.throwIfInvalid("邮箱是必填的");
            return new Email(email);
        }
    }

    record Login(String username, String password) {
        static Login parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String username = f.requiredString("username");
            String password = f.requiredRawString("password");
            f.throwIfInvalid("用户名和密码都是必填的");
            return new Login(username, password);
        }
    }

    record Forgot(String username, String email) {
        static Forgot parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String username = f.requiredString("username");
            String email = f.requiredString("email");
            f.throwIfInvalid("用户名和邮箱都是必填的");
            return new Forgot(username, email);
        }
    }

    record ResetCode(String username, String email, String code) {
        static ResetCode parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String username = f.requiredString("username");
            String email = f.requiredString("email");
            String code = f.requiredString("code");
            f.throwIfInvalid("用户名、邮箱和验证码都是必填的");
            return new ResetCode(username, email, code);
        }
    }

    record Reset(String username, String email, String code, String newPassword) {
        static Reset parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String username = f.requiredString("username");
            String email = f.requiredString("email");
            String code = f.requiredString("code");
            String password = f.requiredRawString("new_password");
            AccountRules.password(f, "new_password", password);
            f.throwIfInvalid("所有字段都是必填的");
            return new Reset(username, email, code, password);
        }
    }

    record Profile(String username, String email, String currentPassword, String newPassword) {
        static Profile parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String username = f.string("username").orElse("");
            String email = f.string("email").orElse("");
            String current = f.rawString("current_password").orElse("");
            String newPassword = f.rawString("new_password").or(() -> f.rawString("password")).orElse("");
            AccountRules.username(f, "username", username);
            AccountRules.email(f, "email", email);
            AccountRules.password(f, "new_password", newPassword);
            if (f.errors().isEmpty() && username.isEmpty() && email.isEmpty() && newPassword.isEmpty()) {
                f.reject("body", "没有需要更新的字段（username、email、new_password）");
            }
            f.throwIfInvalid("参数验证失败");
            return new Profile(username, email, current, newPassword);
        }
    }

    record Password(String password) {
        static Password parse(ObjectNode body) {
            JsonFields f = JsonFields.of(body);
            String password = f.requiredRawString("password");
            f.throwIfInvalid("需要提供密码 password 以确认删除账户");
            return new Password(password);
        }
    }
}
