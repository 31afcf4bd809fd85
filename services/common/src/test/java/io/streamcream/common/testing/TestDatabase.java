package io.streamcream.common.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.streamcream.common.db.DatabaseSettings;

/**
 * The databases every database test runs on: the embedded H2 file database and the real
 * PostgreSQL of the machine ({@code 127.0.0.1:5432}, database {@code test}, trust auth; override
 * with {@code STREAMCREAM_TEST_PG_URL} / {@code STREAMCREAM_TEST_PG_USER}). Each use gets its own
 * PostgreSQL schema, dropped again by {@link #drop}.
 */
public enum TestDatabase {
    /** H2 in file mode under the test's data directory, with the embedded default's URL settings. */
    H2,
    /** PostgreSQL, one fresh schema per test class. */
    POSTGRES;

    private static final String PG_URL = env("STREAMCREAM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("STREAMCREAM_TEST_PG_USER", "postgres");

    /**
     * Configuration keys that point the platform at a fresh database.
     *
     * @param dataDir the test's data directory
     * @param schema  schema name (PostgreSQL)
     * @return {@code db.*} overrides
     */
    public Map<String, String> settings(Path dataDir, String schema) {
        if (this == H2) {
            // The production embedded URL, so every H2 test runs on the same settings and file-system scheme.
            return Map.of("db.url", DatabaseSettings.embeddedH2Url(dataDir.resolve("db/test")), "db.pool-size", "8");
        }
        execute("CREATE SCHEMA " + schema);
        return Map.of("db.url", PG_URL + "?currentSchema=" + schema,
                "db.username", PG_USER,
                "db.password", "",
                "db.pool-size", "8");
    }

    /** @return a new schema name */
    public static String newSchema() {
        return "sc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * Drops a PostgreSQL schema (no-op for H2, whose files go with the data directory).
     *
     * @param schema the schema
     */
    public void drop(String schema) {
        if (this == POSTGRES) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_URL + " is not usable (is it running?): "
                    + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
