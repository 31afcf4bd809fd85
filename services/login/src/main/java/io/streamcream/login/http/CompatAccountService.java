package io.streamcream.login.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.Status;
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
import io.streamcream.login.account.Session;

/**
 * The original login service's account routes under {@code /api} with its exact JSON shapes, so the
 * existing frontend works unchanged. Errors use the envelope, which carries the original
 * {@code success} and {@code message} fields.
 */
public final class CompatAccountService implements HttpService {

    private final AccountService accounts;
    private final Authenticator authenticator;

    /**
     * @param accounts      account logic
     * @param authenticator token checks
     */
    public CompatAccountService(AccountService accounts, Authenticator authenticator) {
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
        Routes.path(rules, "/protected").get(this::protectedUser).register();
        Routes.path(rules, "/forgot-password").post(this::forgotPassword).register();
        Routes.path(rules, "/verify-reset-code").post(this::verifyResetCode).register();
        Routes.path(rules, "/reset-password").post(this::resetPassword).register();
    }

    private void register(ServerRequest req, ServerResponse res) {
        AccountForms.Register form = AccountForms.Register.parse(RequestJson.object(req));
        accounts.register(form.username(), form.email(), form.password(), ClientAddress.of(req));
        Map<String, Object> body = message("验证码已发送，请查收邮箱");
        body.put("email", form.email());
        Responses.json(res, Status.OK_200, body);
    }

    private void verifyEmail(ServerRequest req, ServerResponse res) {
        AccountForms.VerifyEmail form = AccountForms.VerifyEmail.parse(RequestJson.object(req));
        Session session = accounts.verifyEmail(form.email(), form.code(), ClientAddress.of(req));
        Map<String, Object> body = message("注册成功！");
        body.put("token", session.token().token());
        Responses.json(res, Status.CREATED_201, body);
    }

    private void resend(ServerRequest req, ServerResponse res) {
        AccountForms.Email form = AccountForms.Email.parse(RequestJson.object(req));
        accounts.resendVerification(form.email(), ClientAddress.of(req));
        Responses.json(res, Status.OK_200, message("验证码已重新发送"));
    }

    private void login(ServerRequest req, ServerResponse res) {
        AccountForms.Login form = AccountForms.Login.parse(RequestJson.object(req));
        Session session = accounts.login(form.username(), form.password(), ClientAddress.of(req));
        Map<String, Object> body = message("登录成功");
        body.put("token", session.token().token());
        Responses.json(res, Status.OK_200, body);
    }

    private void verifyToken(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Map<String, Object> body = message("令牌有效");
        body.put("user", UserViews.compat(caller));
        Responses.json(res, Status.OK_200, body);
    }

    private void protectedUser(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("user", UserViews.compat(caller));
        Responses.json(res, Status.OK_200, body);
    }

    private void forgotPassword(ServerRequest req, ServerResponse res) {
        AccountForms.Forgot form = AccountForms.Forgot.parse(RequestJson.object(req));
        accounts.forgotPassword(form.username(), form.email(), ClientAddress.of(req));
        Responses.json(res, Status.OK_200, message("重置密码验证码已发送到您的邮箱"));
    }

    private void verifyResetCode(ServerRequest req, ServerResponse res) {
        AccountForms.ResetCode form = AccountForms.ResetCode.parse(RequestJson.object(req));
        accounts.verifyResetCode(form.username(), form.email(), form.code(), ClientAddress.of(req));
        Responses.json(res, Status.OK_200, message("验证码验证成功"));
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        AccountForms.Reset form = AccountForms.Reset.parse(RequestJson.object(req));
        accounts.resetPassword(form.username(), form.email(), form.code(), form.newPassword(), ClientAddress.of(req));
        Responses.json(res, Status.OK_200, message("密码重置成功"));
    }

    private static Map<String, Object> message(String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", text);
        return body;
    }
}
