package io.streamcream.common.db;

import java.nio.file.Path;

import io.helidon.config.Config;
import io.streamcream.common.db.h2.LatestChunkFilePath;

/**
 * Where the database is and how big its pool is ({@code db.*}). With no {@code db.url} the
 * embedded H2 file database under the data directory is used.
 *
 * @param url        JDBC URL
 * @param username   user name, may be empty
 * @param password   password, may be empty (never logged)
 * @param poolSize   largest number of pooled connections
 * @param connectTimeoutMillis how long a request waits for a connection before failing with 503
 */
public record DatabaseSettings(String url, String username, String password, int poolSize, long connectTimeoutMillis) {

    /**
     * Reads {@code db.*}.
     *
     * @param db      the {@code db} node
     * @param dataDir the data directory, for the embedded default
     * @return the settings
     */
    public static DatabaseSettings create(Config db, Path dataDir) {
        String url = db.get("url").asString().orElse("").strip();
        if (url.isEmpty()) {
            url = embeddedH2Url(dataDir.resolve("db").resolve("streamcream"));
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("db.url must be an H2 or PostgreSQL JDBC URL");
        }
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("DATABASE_TO_LOWER")) {
            // Lower-case identifiers, as PostgreSQL has them, so the same SQL and column names work on both.
            url = url + ";DATABASE_TO_LOWER=TRUE";
        }
        return new DatabaseSettings(url,
                db.get("username").asString().orElse(""),
                db.get("password").asString().orElse(""),
                db.get("pool-size").asInt().orElse(20),
                db.get("connect-timeout-millis").asLong().orElse(3000L));
    }

    /**
     * The JDBC URL of the embedded H2 file database.
     *
     * <p>{@code latestchunk:} keeps the file header pointing at the newest chunk, without which a
     * killed process loses acknowledged commits once H2 reuses free space (see
     * {@link io.streamcream.common.db.h2.LatestChunkFilePath}). WRITE_DELAY=0: every commit is written
     * to the file before it is acknowledged (H2's default keeps commits in memory for up to 500 ms).
     * QUERY_CACHE_SIZE=64: parsed statements per connection; the default 8 is fewer than the statements
     * one pooled connection sees in turn.
     *
     * @param database the database path without H2's {@code .mv.db} suffix
     * @return the URL
     */
    public static String embeddedH2Url(Path database) {
        return "jdbc:h2:" + LatestChunkFilePath.SCHEME + ":" + database.toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
    }

    /** @return whether this is PostgreSQL */
    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.replaceAll("password=[^&;]*", "password=***")
                + ", username=" + username + ", poolSize=" + poolSize + "]";
    }
}
