package io.streamcream.common.security;

import java.time.Instant;

/**
 * A freshly signed token.
 *
 * @param token     the compact JWT
 * @param tokenId   its {@code jti}
 * @param expiresAt its {@code exp}
 */
public record IssuedToken(String token, String tokenId, Instant expiresAt) {
}
