package io.streamcream.login.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import io.streamcream.common.http.ApiException;

/**
 * Six-digit e-mail codes: drawn with {@link SecureRandom}, stored only as an HMAC under a key of
 * the installation, valid for ten minutes, dead after five wrong tries, and re-sent at most once a
 * minute. One live code per user and purpose.
 */
final class EmailCodes {

    static final int MAX_ATTEMPTS = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] hmacKey;
    private final Duration lifetime;
    private final Duration resendCooldown;

    EmailCodes(byte[] hmacKey, Duration lifetime, Duration resendCooldown) {
        this.hmacKey = hmacKey.clone();
        this.lifetime = lifetime;
        this.resendCooldown = resendCooldown;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A stored code, as far as checking needs it. */
    record StoredCode(long id, long userId, String targetEmail, String codeHash, int attempts, Instant expiresAt) {
    }

    /** Outcome of checking a code. */
    enum Check {
        /** Right code. */
        OK,
        /** No live code for that target. */
        NONE,
        /** The code expired (and was removed). */
        EXPIRED,
        /** Wrong code; a try was used up. */
        WRONG,
        /** Too many wrong tries (the code was removed). */
        EXHAUSTED
    }

    /**
     * Replaces the user's code for a purpose with a new one.
     *
     * @param db          executor
     * @param userId      owner
     * @param purpose     purpose
     * @param targetEmail the address the code goes to
     * @param now         current time
     * @return the clear code, to be mailed
     */
    String issue(DbExecute db, long userId, CodePurpose purpose, String targetEmail, Instant now) {
        Optional<DbRow> existing = db.get("SELECT sent_at FROM email_codes WHERE user_id = ? AND purpose = ?",
                userId, purpose.name());
        if (existing.isPresent()) {
            Instant sent = Instant.ofEpochMilli(existing.get().column("sent_at").get(Number.class).longValue());
            Instant allowed = sent.plus(resendCooldown);
            if (now.isBefore(allowed)) {
                throw ApiException.tooManyRequests("验证码发送过于频繁，请稍后再试", Duration.between(now, allowed));
            }
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        db.delete("DELETE FROM email_codes WHERE user_id = ? AND purpose = ?", userId, purpose.name());
        db.insert("INSERT INTO email_codes (user_id, purpose, target_email, target_key, code_hash, attempts, expires_at, "
                        + "sent_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                userId, purpose.name(), targetEmail, UserRepository.key(targetEmail), hash(userId, purpose, code),
                now.plus(lifetime).toEpochMilli(), now.toEpochMilli());
        return code;
    }

    /**
     * Live codes sent to an address for a purpose, newest first.
     *
     * @param db      executor
     * @param email   target address
     * @param purpose purpose
     * @return the codes
     */
    List<StoredCode> forTarget(DbExecute db, String email, CodePurpose purpose) {
        return db.query("SELECT id, user_id, target_email, code_hash, attempts, expires_at FROM email_codes "
                                + "WHERE target_key = ? AND purpose = ? ORDER BY sent_at DESC",
                        UserRepository.key(email), purpose.name())
                .map(EmailCodes::map)
                .toList();
    }

    /**
     * The user's live code for a purpose.
     *
     * @param db      executor
     * @param userId  owner
     * @param purpose purpose
     * @return the code row
     */
    Optional<StoredCode> forUser(DbExecute db, long userId, CodePurpose purpose) {
        return db.get("SELECT id, user_id, target_email, code_hash, attempts, expires_at FROM email_codes "
                        + "WHERE user_id = ? AND purpose = ?", userId, purpose.name())
                .map(EmailCodes::map);
    }

    /**
     * Checks a code, spending one try first so that parallel guesses cannot exceed the limit.
     * A right code that is not consumed gets its try back.
     *
     * @param db       executor (outside a transaction, so a spent try stays spent)
     * @param stored   the stored code
     * @param purpose  its purpose
     * @param code     the code the client sent
     * @param now      current time
     * @param consume  whether a right code is removed
     * @return the outcome
     */
    Check check(DbExecute db, StoredCode stored, CodePurpose purpose, String code, Instant now, boolean consume) {
        if (!now.isBefore(stored.expiresAt())) {
            db.delete("DELETE FROM email_codes WHERE id = ?", stored.id());
            return Check.EXPIRED;
        }
        long reserved = db.update("UPDATE email_codes SET attempts = attempts + 1 WHERE id = ? AND attempts < ?",
                stored.id(), MAX_ATTEMPTS);
        if (reserved == 0) {
            db.delete("DELETE FROM email_codes WHERE id = ?", stored.id());
            return Check.EXHAUSTED;
        }
        boolean right = code.length() == 6 && MessageDigest.isEqual(
                stored.codeHash().getBytes(StandardCharsets.US_ASCII),
                hash(stored.userId(), purpose, code).getBytes(StandardCharsets.US_ASCII));
        if (right) {
            if (consume) {
                db.delete("DELETE FROM email_codes WHERE id = ?", stored.id());
            } else {
                db.update("UPDATE email_codes SET attempts = attempts - 1 WHERE id = ? AND attempts > 0", stored.id());
            }
            return Check.OK;
        }
        if (stored.attempts() + 1 >= MAX_ATTEMPTS) {
            db.delete("DELETE FROM email_codes WHERE id = ?", stored.id());
            return Check.EXHAUSTED;
        }
        return Check.WRONG;
    }

    void remove(DbExecute db, long userId, CodePurpose purpose) {
        db.delete("DELETE FROM email_codes WHERE user_id = ? AND purpose = ?", userId, purpose.name());
    }

    private String hash(long userId, CodePurpose purpose, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            byte[] digest = mac.doFinal((userId + "|" + purpose.name() + "|" + code).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static StoredCode map(DbRow row) {
        return new StoredCode(
                row.column("id").get(Number.class).longValue(),
                row.column("user_id").get(Number.class).longValue(),
                row.column("target_email").get(String.class),
                row.column("code_hash").get(String.class),
                row.column("attempts").get(Number.class).intValue(),
                Instant.ofEpochMilli(row.column("expires_at").get(Number.class).longValue()));
    }
}
