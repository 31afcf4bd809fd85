package io.streamcream.login.preferences;

import java.util.Optional;

import io.helidon.dbclient.DbExecute;

/** SQL for {@code user_settings}. Every method takes the executor so it can join a transaction. */
final class PreferencesRepository {

    private PreferencesRepository() {
    }

    /** The stored document, read without locking. */
    static Optional<String> read(DbExecute db, long userId) {
        return db.get("SELECT preferences FROM user_settings WHERE user_id = ?", userId)
                .map(row -> row.column("preferences").get(String.class));
    }

    /** The stored document, with the row locked until the transaction ends. */
    static Optional<String> lock(DbExecute tx, long userId) {
        return tx.get("SELECT preferences FROM user_settings WHERE user_id = ? FOR UPDATE", userId)
                .map(row -> row.column("preferences").get(String.class));
    }

    static void insert(DbExecute tx, long userId, String document, long now) {
        tx.insert("INSERT INTO user_settings (user_id, preferences, version, created_at, updated_at) "
                + "VALUES (?, ?, 1, ?, ?)", userId, document, now, now);
    }

    static void update(DbExecute tx, long userId, String document, long now) {
        tx.update("UPDATE user_settings SET preferences = ?, version = version + 1, updated_at = ? WHERE user_id = ?",
                document, now, userId);
    }
}
