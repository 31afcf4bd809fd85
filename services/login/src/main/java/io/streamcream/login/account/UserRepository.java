package io.streamcream.login.account;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/** SQL for the {@code users} table. Every method takes the executor so it can join a transaction. */
final class UserRepository {

    private static final String COLUMNS = "id, username, email, password_hash, email_verified, "
            + "COALESCE(pending_email, '') AS pending_email, "
            + "token_version, created_at";

    private UserRepository() {
    }

    static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    static Optional<User> byId(DbExecute db, long id) {
        return db.get("SELECT " + COLUMNS + " FROM users WHERE id = ?", id).map(UserRepository::map);
    }

    static Optional<User> byUsername(DbExecute db, String username) {
        return db.get("SELECT " + COLUMNS + " FROM users WHERE username_key = ?", key(username)).map(UserRepository::map);
    }

    static Optional<User> byEmail(DbExecute db, String email) {
        return db.get("SELECT " + COLUMNS + " FROM users WHERE email_key = ?", key(email)).map(UserRepository::map);
    }

    static long insert(DbExecute db, String username, String email, String passwordHash, long now) {
        db.insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                        + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, FALSE, 0, ?, ?)",
                username, key(username), email, key(email), passwordHash, now, now);
        return byUsername(db, username).orElseThrow().id();
    }

    static void replacePending(DbExecute db, long id, String username, String passwordHash, long now) {
        db.update("UPDATE users SET username = ?, username_key = ?, password_hash = ?, updated_at = ? WHERE id = ?",
                username, key(username), passwordHash, now, id);
    }

    static void markVerified(DbExecute db, long id, long now) {
        db.update("UPDATE users SET email_verified = TRUE, updated_at = ? WHERE id = ?", now, id);
    }

    static void adoptPendingEmail(DbExecute db, long id, String email, long now) {
        db.update("UPDATE users SET email = ?, email_key = ?, pending_email = NULL, email_verified = TRUE, "
                + "updated_at = ? WHERE id = ?", email, key(email), now, id);
    }

    static void setPendingEmail(DbExecute db, long id, String email, long now) {
        db.update("UPDATE users SET pending_email = ?, updated_at = ? WHERE id = ?", email, now, id);
    }

    static void rename(DbExecute db, long id, String username, long now) {
        db.update("UPDATE users SET username = ?, username_key = ?, updated_at = ? WHERE id = ?",
                username, key(username), now, id);
    }

    static void setPasswordHash(DbExecute db, long id, String hash, long now) {
        db.update("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, now, id);
    }

    /** New password and a new token generation: every earlier token stops working. */
    static void resetPassword(DbExecute db, long id, String hash, long now) {
        db.update("UPDATE users SET password_hash = ?, token_version = token_version + 1, updated_at = ? WHERE id = ?",
                hash, now, id);
    }

    static void delete(DbExecute db, long id) {
        db.delete("DELETE FROM users WHERE id = ?", id);
    }

    /** Unverified sign-ups older than the cut-off give their name and address back. */
    static void deleteStaleUnverified(DbExecute db, long id, long createdBefore) {
        db.delete("DELETE FROM users WHERE id = ? AND email_verified = FALSE AND created_at < ?", id, createdBefore);
    }

    private static User map(DbRow row) {
        return new User(
                row.column("id").get(Number.class).longValue(),
                row.column("username").get(String.class),
                row.column("email").get(String.class),
                row.column("password_hash").get(String.class),
                row.column("email_verified").get(Boolean.class),
                row.column("pending_email").get(String.class),
                row.column("token_version").get(Number.class).intValue(),
                Instant.ofEpochMilli(row.column("created_at").get(Number.class).longValue()));
    }
}
