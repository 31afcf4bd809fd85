package io.streamcream.login.streams;

import java.util.List;
import java.util.Optional;

import io.helidon.dbclient.DbExecute;

import io.streamcream.common.db.Database;
import io.streamcream.common.streams.JdbcStreamRecords;
import io.streamcream.common.streams.StreamKeys;
import io.streamcream.common.streams.StreamRecord;

/**
 * SQL for the owner's side of {@code streams}: every statement is scoped to the owner, so another
 * user's record is simply not found. The live columns are never written here.
 */
final class StreamStore {

    private final Database database;
    private final StreamKeys keys;
    private final JdbcStreamRecords rows;

    StreamStore(Database database, StreamKeys keys) {
        this.database = database;
        this.keys = keys;
        this.rows = new JdbcStreamRecords(database, keys);
    }

    List<StreamRecord> list(long userId) {
        return rows.listByUser(userId);
    }

    Optional<StreamRecord> owned(long userId, long id) {
        return owned(database.client().execute(), userId, id);
    }

    StreamRecord insert(long userId, String title, String description, String key, long now) {
        String fingerprint = keys.fingerprint(key);
        return database.inTransaction(tx -> {
            tx.insert("INSERT INTO streams (user_id, title, description, stream_key_enc, stream_key_hash, is_live, "
                            + "created_at) VALUES (?, ?, ?, ?, ?, FALSE, ?)",
                    userId, title, description, keys.seal(userId, key), fingerprint, now);
            return tx.get(JdbcStreamRecords.SELECT + " WHERE stream_key_hash = ?", fingerprint)
                    .map(rows::map)
                    .orElseThrow(() -> new IllegalStateException("Inserted stream record not found"));
        });
    }

    Optional<StreamRecord> update(long userId, long id, String title, String description, String key) {
        return database.inTransaction(tx -> {
            long changed = tx.update("UPDATE streams SET title = ?, description = ?, stream_key_enc = ?, "
                            + "stream_key_hash = ? WHERE id = ? AND user_id = ?",
                    title, description, keys.seal(userId, key), keys.fingerprint(key), id, userId);
            return changed == 0 ? Optional.<StreamRecord>empty() : owned(tx, userId, id);
        });
    }

    boolean delete(long userId, long id) {
        return database.client().execute().delete("DELETE FROM streams WHERE id = ? AND user_id = ?", id, userId) > 0;
    }

    private Optional<StreamRecord> owned(DbExecute db, long userId, long id) {
        return db.get(JdbcStreamRecords.SELECT + " WHERE id = ? AND user_id = ?", id, userId).map(rows::map);
    }
}
