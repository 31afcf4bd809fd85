package io.streamcream.login.account;

import io.streamcream.common.security.IssuedToken;

/**
 * A signed-in user.
 *
 * @param token the token to present
 * @param user  the account
 */
public record Session(IssuedToken token, User user) {
}
