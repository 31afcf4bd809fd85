package io.streamcream.login.account;

import java.time.Instant;

/**
 * A stored account.
 *
 * @param id            id
 * @param username      name as registered (unique ignoring case)
 * @param email         address (unique ignoring case)
 * @param passwordHash  Argon2id or a migrated Werkzeug hash
 * @param emailVerified whether {@link #email} was verified
 * @param pendingEmail  an address waiting for verification after a change, or empty
 * @param tokenVersion  token generation; tokens of older generations are rejected
 * @param createdAt     creation time
 */
public record User(long id, String username, String email, String passwordHash, boolean emailVerified,
                   String pendingEmail, int tokenVersion, Instant createdAt) {

    /** @return whether an e-mail change waits for verification */
    public boolean hasPendingEmail() {
        return !pendingEmail.isEmpty();
    }
}
