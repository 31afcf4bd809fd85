package io.streamcream.login.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;
import io.streamcream.login.account.AccountService;
import io.streamcream.login.account.ProfileChange;

/** The caller's own account under {@code /api/users}. */
public final class UserService implements HttpService {

    private final AccountService accounts;
    private final Authenticator authenticator;

    /**
     * @param accounts      account logic
     * @param authenticator token checks
     */
    public UserService(AccountService accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.path(rules, "/me").get(this::me).put(this::update).delete(this::delete).register();
        Routes.path(rules, "/{id}").get(this::byId).register();
    }

    private void me(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        Responses.ok(res, "获取成功", UserViews.full(accounts.user(caller, caller.id())));
    }

    private void byId(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("用户不存在");
        }
        Responses.ok(res, "获取成功", UserViews.full(accounts.user(caller, id)));
    }

    private void update(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        AccountForms.Profile form = AccountForms.Profile.parse(RequestJson.object(req));
        ProfileChange change = accounts.updateProfile(caller, form.username(), form.email(), form.currentPassword(),
                form.newPassword());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", UserViews.full(change.user()));
        change.newToken().ifPresent(token -> {
            data.put("token", token.token());
            data.put("expires_at", token.expiresAt().toString());
        });
        String message = change.user().hasPendingEmail() && !form.email().isEmpty()
                ? "更新成功，验证码已发送到新邮箱，验证后生效"
                : "更新成功";
        Responses.ok(res, message, data);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        AuthenticatedUser caller = authenticator.require(req);
        AccountForms.Password form = AccountForms.Password.parse(RequestJson.object(req));
        accounts.deleteAccount(caller, form.password());
        Responses.ok(res, "账户已删除", null);
    }
}
