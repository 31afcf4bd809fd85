package io.streamcream.common.security;

import java.util.Optional;

import io.helidon.dbclient.DbRow;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.streamcream.common.db.Database;
import io.streamcream.common.http.ApiException;

/**
 * Turns the {@code Authorization} header into the calling user: a valid signature and time claims
 * (see {@link TokenService}), a token that was not revoked, a user that still exists and whose
 * token generation matches. Revocation lives in the database, so it holds across restarts and
 * across every service and instance sharing that database.
 */
public final class Authenticator {

    private static final String LOOKUP = """
            SELECT u.id, u.username, u.email, u.email_verified, u.token_version,
                   (SELECT COUNT(*) FROM revoked_tokens r WHERE r.jti = ?) AS revoked
            FROM users u WHERE u.id = ?""";

    private final TokenService tokens;
    private final Database database;

    /**
     * @param tokens   verifies signatures
     * @param database holds users and revocations
     */
    public Authenticator(TokenService tokens, Database database) {
        this.tokens = tokens;
        this.database = database;
    }

    /**
     * The token of a request. Like the original service, {@code Bearer <jwt>}, any other scheme
     * word followed by the token, and a bare token are all accepted.
     *
     * @param request the request
     * @return the token, if a non-empty one was sent
     */
    public static Optional<String> bearerToken(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION)
                .map(String::strip)
                .map(value -> {
                    int space = value.indexOf(' ');
                    return space < 0 ? value : value.substring(space + 1).strip();
                })
                .filter(token -> !token.isEmpty());
    }

    /**
     * The authenticated caller, or a 401.
     *
     * @param request the request
     * @return the caller
     */
    public AuthenticatedUser require(ServerRequest request) {
        String token = bearerToken(request).orElseThrow(() -> ApiException.unauthorized("未提供令牌"));
        return authenticate(token);
    }

    /**
     * Validates a token (from a header, a query parameter or a WebSocket message).
     *
     * @param token compact JWT
     * @return the caller
     */
    public AuthenticatedUser authenticate(String token) {
        TokenClaims claims = tokens.verify(token).orElseThrow(() -> ApiException.unauthorized("无效令牌"));
        DbRow row = database.client().execute()
                .get(LOOKUP, claims.tokenId(), claims.userId())
                .orElseThrow(() -> ApiException.unauthorized("用户不存在"));
        long revoked = row.column("revoked").get(Number.class).longValue();
        int version = row.column("token_version").get(Number.class).intValue();
        if (revoked > 0 || version != claims.tokenVersion()) {
            throw ApiException.unauthorized("令牌已失效，请重新登录");
        }
        return new AuthenticatedUser(claims.userId(),
                row.column("username").get(String.class),
                row.column("email").get(String.class),
                row.column("email_verified").get(Boolean.class),
                claims.tokenId(),
                claims.expiresAt());
    }

    /**
     * Revokes one token until it would have expired anyway.
     *
     * @param user the caller whose presented token is revoked
     */
    public void revoke(AuthenticatedUser user) {
        long now = System.currentTimeMillis();
        try {
            database.inTransaction(tx -> {
                tx.dml("DELETE FROM revoked_tokens WHERE expires_at < ?", now);
                if (tx.get("SELECT jti FROM revoked_tokens WHERE jti = ?", user.tokenId()).isEmpty()) {
                    tx.insert("INSERT INTO revoked_tokens (jti, user_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)",
                            user.tokenId(), user.id(), user.tokenExpiresAt().toEpochMilli(), now);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // A concurrent logout with the same token got there first: the token is revoked either way.
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    /** @return the token service, for issuing tokens */
    public TokenService tokens() {
        return tokens;
    }
}
