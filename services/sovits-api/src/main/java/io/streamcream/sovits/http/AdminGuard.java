package io.streamcream.sovits.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.security.Authenticator;

/** Checks the admin token of the management and control routes ({@code Authorization: Bearer} or {@code X-Admin-Token}). */
final class AdminGuard {

    private final byte[] token;

    AdminGuard(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void require(ServerRequest req) {
        String presented = req.headers().first(HeaderNames.create("X-Admin-Token"))
                .or(() -> Authenticator.bearerToken(req)).orElse("");
        if (presented.isEmpty()) {
            throw ApiException.unauthorized("需要管理令牌（Authorization: Bearer <admin-token> 或 X-Admin-Token）");
        }
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("管理令牌无效");
        }
    }

    boolean presentAndValid(ServerRequest req) {
        try {
            require(req);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }
}
