package io.streamcream.common.streams;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.helidon.dbclient.DbRow;

import io.streamcream.common.db.Database;

/**
 * {@link StreamRecords} on the project's database. Its {@link #SELECT} and {@link #map} are also the
 * read side of the login service's record management, so both agree on the row format.
 */
public final class JdbcStreamRecords implements StreamRecords {

    /** Select list of a stream row; NULLs are mapped to sentinels because DbColumn cannot read NULL. */
    public static final String SELECT = "SELECT id, user_id, title, COALESCE(description, '') AS description, "
            + "stream_key_enc, is_live, COALESCE(start_time, -1) AS start_time, COALESCE(end_time, -1) AS end_time, "
            + "created_at FROM streams";

    private final Database database;
    private final StreamKeys keys;

    /**
     * @param database the database
     * @param keys     opens stored keys
     */
    public JdbcStreamRecords(Database database, StreamKeys keys) {
        this.database = database;
        this.keys = keys;
    }

    @Override
    public Optional<StreamRecord> find(long streamId) {
        return database.client().execute().get(SELECT + " WHERE id = ?", streamId).map(this::map);
    }

    @Override
    public Optional<StreamRecord> findByKey(String streamKey) {
        if (streamKey == null || streamKey.isEmpty()) {
            return Optional.empty();
        }
        return database.client().execute()
                .get(SELECT + " WHERE stream_key_hash = ?", keys.fingerprint(streamKey))
                .map(this::map)
                .filter(record -> record.streamKey().equals(streamKey));
    }

    @Override
    public List<StreamRecord> listByUser(long userId) {
        return database.client().execute()
                .query(SELECT + " WHERE user_id = ? ORDER BY created_at DESC, id DESC", userId)
                .map(this::map)
                .toList();
    }

    @Override
    public boolean markLive(long streamId, Instant startedAt) {
        return database.client().execute().update(
                "UPDATE streams SET is_live = TRUE, start_time = ?, end_time = NULL WHERE id = ?",
                startedAt.toEpochMilli(), streamId) > 0;
    }

    @Override
    public boolean markEnded(long streamId, Instant endedAt) {
        return database.client().execute().update(
                "UPDATE streams SET is_live = FALSE, end_time = ? WHERE id = ? AND is_live = TRUE",
                endedAt.toEpochMilli(), streamId) > 0;
    }

    /**
     * Maps a row selected with {@link #SELECT}, decrypting the key.
     *
     * @param row the row
     * @return the record
     */
    public StreamRecord map(DbRow row) {
        long userId = row.column("user_id").get(Number.class).longValue();
        return new StreamRecord(
                row.column("id").get(Number.class).longValue(),
                userId,
                row.column("title").get(String.class),
                row.column("description").get(String.class),
                keys.open(userId, row.column("stream_key_enc").get(String.class)),
                row.column("is_live").get(Boolean.class),
                time(row, "start_time"),
                time(row, "end_time"),
                Instant.ofEpochMilli(row.column("created_at").get(Number.class).longValue()));
    }

    private static Optional<Instant> time(DbRow row, String column) {
        long millis = row.column(column).get(Number.class).longValue();
        return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
