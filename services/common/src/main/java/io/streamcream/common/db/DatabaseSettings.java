package io.streamcream.common.db;

import java.nio.file.Path;

import io.helidon.config.Config;

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
            // WRITE_DELAY=0: a commit is in the file before it is acknowledged (H2's default keeps commits in memory
            // for up to 500 ms, so a killed process lost acknowledged writes). QUERY_CACHE_SIZE=64: parsed statements
            // per connection; the default 8 is fewer than the statements one pooled connection sees in turn.
            url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("streamcream").toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
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
