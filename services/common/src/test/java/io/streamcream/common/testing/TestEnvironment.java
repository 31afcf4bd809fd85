package io.streamcream.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.dbclient.DbExecute;
import io.helidon.webserver.WebServerConfig;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;

/**
 * A platform on a throw-away data directory and database, with a known JWT secret so tests can
 * forge tokens. Close it in {@code @AfterAll}.
 */
public final class TestEnvironment implements AutoCloseable {

    /** The JWT secret of every test environment (tests forge tokens with it). */
    public static final String JWT_SECRET = "test-only-secret-0123456789abcdef0123456789abcdef";

    private final TestDatabase database;
    private final String schema;
    private final Path dataDir;
    private final Platform platform;

    private TestEnvironment(TestDatabase database, Map<String, String> overrides) {
        this.database = database;
        this.schema = TestDatabase.newSchema();
        try {
            this.dataDir = Files.createTempDirectory("streamcream-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("streamcream.data-dir", dataDir.toString());
        config.put("security.jwt.secret", JWT_SECRET);
        config.put("server.host", "127.0.0.1");
        config.putAll(database.settings(dataDir, schema));
        // Tests send many requests from one address; tests of the limits set their own.
        for (String action : new String[] {"login", "register", "resend", "forgot-password", "verify-code"}) {
            for (String scope : new String[] {"per-ip", "per-account"}) {
                config.put("rate-limits." + action + "." + scope + ".capacity", "1000000");
            }
        }
        config.putAll(overrides);
        Config loaded = StreamCreamConfig.load(name -> null, config);
        this.platform = Platform.create(loaded);
    }

    /**
     * @param database  which database
     * @param overrides extra configuration
     * @return a new environment
     */
    public static TestEnvironment create(TestDatabase database, Map<String, String> overrides) {
        return new TestEnvironment(database, overrides);
    }

    /** @return the platform */
    public Platform platform() {
        return platform;
    }

    /** @return the data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return which database */
    public TestDatabase database() {
        return database;
    }

    /** @return a direct executor on the test database (for arranging and inspecting rows) */
    public DbExecute db() {
        return platform.database().client().execute();
    }

    /**
     * Binds a test server to 127.0.0.1 (the port stays 0, chosen by the test kit).
     *
     * @param server the builder
     */
    public static void localhost(WebServerConfig.Builder server) {
        server.host("127.0.0.1");
    }

    @Override
    public void close() {
        platform.close();
        database.drop(schema);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
