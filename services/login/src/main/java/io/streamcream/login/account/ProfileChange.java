package io.streamcream.login.account;

import java.util.Optional;

import io.streamcream.common.security.IssuedToken;

/**
 * The result of {@code PUT /api/users/me}.
 *
 * @param user     the account after the change
 * @param newToken a replacement token when the password changed (all earlier ones are revoked)
 */
public record ProfileChange(User user, Optional<IssuedToken> newToken) {
}
