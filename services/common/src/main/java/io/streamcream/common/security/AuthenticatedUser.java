package io.streamcream.common.security;

import java.time.Instant;

/**
 * The caller of an authenticated request.
 *
 * @param id             user id
 * @param username       user name as registered
 * @param email          current e-mail address
 * @param emailVerified  whether the address was verified
 * @param tokenId        the {@code jti} of the presented token
 * @param tokenExpiresAt when the presented token expires
 */
public record AuthenticatedUser(long id, String username, String email, boolean emailVerified,
                                String tokenId, Instant tokenExpiresAt) {
}
