package io.streamcream.common.db;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import io.streamcream.common.db.h2.LatestChunkFilePath;
import org.flywaydb.core.Flyway;

/**
 * The project's database: a Hikari pool behind Helidon's DB client, with the schema brought up to
 * date by Flyway migrations on start (the same migrations on H2 and PostgreSQL).
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final DatabaseSettings settings;
    private final DbClient client;

    private Database(DatabaseSettings settings, DbClient client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * Migrates the schema and opens the pool.
     *
     * @param settings where and how big
     * @return the open database
     */
    public static Database open(DatabaseSettings settings) {
        if (!settings.postgres()) {
            // The embedded URL (and any configured H2 URL that asks for it) uses this file-system scheme.
            LatestChunkFilePath.register();
        }
        Flyway.configure()
                .dataSource(settings.url(), settings.username(), settings.password())
                .locations("classpath:db/migration")
                .connectRetries(0)
                .load()
                .migrate();
        Map<String, String> pool = new HashMap<>();
        pool.put("url", settings.url());
        pool.put("username", settings.username());
        pool.put("password", settings.password());
        // The remaining keys are HikariCP properties, passed through by helidon-dbclient-hikari.
        pool.put("maximumPoolSize", String.valueOf(settings.poolSize()));
        pool.put("minimumIdle", String.valueOf(Math.min(2, settings.poolSize())));
        pool.put("connectionTimeout", String.valueOf(Math.max(250, settings.connectTimeoutMillis())));
        pool.put("initializationFailTimeout", "-1");
        pool.put("poolName", "streamcream");
        JdbcConnectionPool connectionPool = JdbcConnectionPool.create(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(pool))
                .build());
        DbClient client = JdbcClientBuilder.create()
                .connectionPool(connectionPool)
                .build();
        LOG.log(Level.INFO, "Database ready: " + (settings.postgres() ? "PostgreSQL" : "H2")
                + ", pool size " + settings.poolSize());
        return new Database(settings, client);
    }

    /** @return the Helidon DB client */
    public DbClient client() {
        return client;
    }

    /** @return the settings the database was opened with */
    public DatabaseSettings settings() {
        return settings;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param work the work
     * @param <T>  its result type
     * @return its result
     */
    public <T> T inTransaction(java.util.function.Function<DbTransaction, T> work) {
        DbTransaction tx = client.transaction();
        try {
            T result = work.apply(tx);
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    /**
     * Whether a failure is a unique-constraint violation (SQLSTATE 23505 on H2 and PostgreSQL).
     *
     * @param failure any exception
     * @return whether one of its causes is a unique violation
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the database answers now.
     *
     * @return {@code true} when {@code SELECT 1} succeeds
     */
    public boolean ping() {
        try {
            return client.execute().get("SELECT 1").isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
