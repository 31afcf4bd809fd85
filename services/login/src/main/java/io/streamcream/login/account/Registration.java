package io.streamcream.login.account;

import java.time.Instant;

/**
 * A sign-up waiting for its e-mail code.
 *
 * @param userId        the new (unverified) user
 * @param email         where the code went
 * @param codeExpiresAt when the code stops working
 */
public record Registration(long userId, String email, Instant codeExpiresAt) {
}
