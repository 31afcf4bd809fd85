package io.streamcream.login.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ClientAddress;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;
import io.streamcream.login.account.AccountService;
import io.streamcream.login.account.Registration;
import io.streamcream.login.account.Session;

/** The canonical authentication routes under {@code /api/auth}, answering in the envelope. */
public final class AuthService implements HttpService {

    private final AccountService accounts;
    private final Authenticator authenticator;

    /**
     * @param accounts      account logic
     * @param authenticator token checks
     */
    public AuthService(AccountService accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/register").post(this::register).register();
        Routes.path(rules, "/verify-email").post(this::verifyEmail).register();
        Routes.path(rules, "/resend-verification").post(this::resend).register();
        Routes.path(rules, "/login").post(this::login).register();
        Routes.path(rules, "/verify-token").post(this::verifyToken).register();
        Routes.path(rules, "/logout").post(this::logout).register();
        Routes.path(rules, "/forgot-password").post(this::forgotPassword).register();
        Routes.path(rules, "/verify-reset-code").post(this::verifyResetCode).register();
        Routes.path(rules, "/reset-password").post(this::resetPassword).register();
    }

    private void register(ServerRequest req, ServerResponse res) {
        AccountForms.Register form = AccountForms.Register.parse(RequestJson.object(req));
        Registration registration = accounts.register(form.username(), form.email(), form.password(),
                ClientAddress.of(req));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", registration.userId());
        data.put("email", registration.email());
        data.put("verification_expires", registration.codeExpiresAt().toString());
        Responses.ok(res, "注册成功，验证码已发送到邮箱", data);
    }

    private void verifyEmail(ServerRequest req, ServerResponse res) {
        AccountForms.VerifyEmail form = AccountForms.VerifyEmail.parse(RequestJson.object(req));
        Session session = accounts.verifyEmail(form.email(), form.code(), ClientAddress.of(req));
        Responses.ok(res, "邮箱验证成功", sessionData(session));
    }

    private void resend(ServerRequest req, ServerResponse res) {
        AccountForms.Email form = AccountForms.Email.parse(RequestJson.object(req));
        var expires = accounts.resendVerification(form.email(), ClientAddress.of(req));
        Responses.ok(res, "验证码已重新发送", Map.of("email", form.email(), "verification_expires", expires.toString()));
    }

    private void login(ServerRequest req, ServerResponse res) {
        AccountForms.Login form = AccountForms.Login.parse(RequestJson.object(req));
        Session session = accounts.login(form.username(), form.password(), ClientAddress.of(req));
        Responses.ok(res, "登录成功", sessionData(session));
    }

    private void verifyToken(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Responses.ok(res, "令牌有效", Map.of("user", UserViews.full(accounts.user(caller, caller.id()))));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        accounts.logout(authenticator.require(req));
        Responses.ok(res, "已退出登录", null);
    }

    private void forgotPassword(ServerRequest req, ServerResponse res) {
        AccountForms.Forgot form = AccountForms.Forgot.parse(RequestJson.object(req));
        accounts.forgotPassword(form.username(), form.email(), ClientAddress.of(req));
        Responses.ok(res, "重置密码验证码已发送到您的邮箱", null);
    }

    private void verifyResetCode(ServerRequest req, ServerResponse res) {
        AccountForms.ResetCode form = AccountForms.ResetCode.parse(RequestJson.object(req));
        accounts.verifyResetCode(form.username(), form.email(), form.code(), ClientAddress.of(req));
        Responses.ok(res, "验证码验证成功", null);
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        AccountForms.Reset form = AccountForms.Reset.parse(RequestJson.object(req));
        accounts.resetPassword(form.username(), form.email(), form.code(), form.newPassword(), ClientAddress.of(req));
        Responses.ok(res, "密码重置成功", null);
    }

    static Map<String, Object> sessionData(Session session) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token", session.token().token());
        data.put("expires_at", session.token().expiresAt().toString());
        data.put("user", UserViews.full(session.user()));
        return data;
    }
}
