package io.streamcream.common.server;

import java.time.Clock;

import io.helidon.config.Config;

import io.streamcream.common.config.DataDirectory;
import io.streamcream.common.db.Database;
import io.streamcream.common.db.DatabaseSettings;
import io.streamcream.common.limits.RateLimiter;
import io.streamcream.common.security.Authenticator;
import io.streamcream.common.security.SecretStore;
import io.streamcream.common.security.TokenService;

/**
 * What the services of one JVM share: configuration, the data directory, the database (opened on
 * first use), token signing and rate limits. The launcher creates one; a service started alone
 * creates its own.
 */
public final class Platform implements AutoCloseable {

    private final Config config;
    private final DataDirectory dataDirectory;
    private final SecretStore secrets;
    private final Clock clock;
    private final RateLimiter rateLimiter;
    private final TokenService tokens;
    private final java.util.Map<Class<?>, Object> shared = new java.util.LinkedHashMap<>();
    private Database database;
    private Authenticator authenticator;

    private Platform(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.dataDirectory = DataDirectory.create(config);
        this.secrets = new SecretStore(dataDirectory.folder("keys"));
        this.rateLimiter = new RateLimiter(config.get("rate-limits"));
        this.tokens = TokenService.create(config.get("security.jwt"), secrets, clock);
    }

    /**
     * @param config root configuration
     * @return a platform on the system clock
     */
    public static Platform create(Config config) {
        return new Platform(config, Clock.systemUTC());
    }

    /** @return root configuration */
    public Config config() {
        return config;
    }

    /** @return the data directory */
    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    /** @return generated keys */
    public SecretStore secrets() {
        return secrets;
    }

    /** @return the clock every expiry is measured on */
    public Clock clock() {
        return clock;
    }

    /** @return shared rate limits */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** @return token signing */
    public TokenService tokens() {
        return tokens;
    }

    /** @return the database, migrated and opened on first call */
    public synchronized Database database() {
        if (database == null) {
            database = Database.open(DatabaseSettings.create(config.get("db"), dataDirectory.root()));
        }
        return database;
    }

    /** @return request authentication */
    public synchronized Authenticator authenticator() {
        if (authenticator == null) {
            authenticator = new Authenticator(tokens, database());
        }
        return authenticator;
    }

    /** @return whether the database was opened */
    public synchronized boolean databaseOpened() {
        return database != null;
    }

    /**
     * A component shared by the services of this JVM (for example the voice engine, which the
     * GPT-SoVITS service and the TTS service both use): created on first request, closed with the
     * platform when it is {@link AutoCloseable}.
     *
     * @param type    the component's type (the key)
     * @param factory creates it
     * @param <T>     its type
     * @return the one instance
     */
    public synchronized <T> T shared(Class<T> type, java.util.function.Supplier<T> factory) {
        Object existing = shared.get(type);
        if (existing == null) {
            existing = factory.get();
            shared.put(type, existing);
        }
        return type.cast(existing);
    }

    @Override
    public synchronized void close() {
        java.util.List<Object> components = new java.util.ArrayList<>(shared.values());
        java.util.Collections.reverse(components);
        for (Object component : components) {
            if (component instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.getLogger(Platform.class.getName()).log(System.Logger.Level.WARNING,
                            "Closing " + component.getClass().getName() + " failed", e);
                }
            }
        }
        shared.clear();
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
