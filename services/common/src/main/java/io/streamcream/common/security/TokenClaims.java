package io.streamcream.common.security;

import java.time.Instant;

/**
 * What a verified token says.
 *
 * @param userId       claim {@code user_id}
 * @param tokenId      claims {@code jti} and {@code token_id} (equal)
 * @param tokenVersion claim {@code tv}: the user's token generation when it was issued
 * @param issuedAt     claim {@code iat}
 * @param expiresAt    claim {@code exp}
 */
public record TokenClaims(long userId, String tokenId, int tokenVersion, Instant issuedAt, Instant expiresAt) {
}
