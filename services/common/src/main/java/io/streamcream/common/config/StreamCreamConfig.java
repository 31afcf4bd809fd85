package io.streamcream.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Loads the configuration every StreamCream service reads.
 *
 * <p>Sources, highest priority first: the {@code STREAMCREAM_*} environment variables named in
 * {@link #ENVIRONMENT_KEYS}, Java system properties, the YAML file named by {@code STREAMCREAM_CONFIG}
 * (if set), and the defaults in {@code streamcream-defaults.yaml} on the class path.
 */
public final class StreamCreamConfig {

    /** Environment variable to configuration key. Kept explicit so the README can list every one. */
    public static final Map<String, String> ENVIRONMENT_KEYS = Map.ofEntries(
            Map.entry("STREAMCREAM_DATA_DIR", "streamcream.data-dir"),
            Map.entry("STREAMCREAM_BIND_HOST", "server.host"),
            Map.entry("STREAMCREAM_LOGIN_PORT", "services.login.port"),
            Map.entry("STREAMCREAM_TTS_PORT", "services.tts.port"),
            Map.entry("STREAMCREAM_STREAMING_PORT", "services.streaming.port"),
            Map.entry("STREAMCREAM_SOVITS_PORT", "services.sovits.port"),
            Map.entry("STREAMCREAM_DB_URL", "db.url"),
            Map.entry("STREAMCREAM_DB_USER", "db.username"),
            Map.entry("STREAMCREAM_DB_PASSWORD", "db.password"),
            Map.entry("STREAMCREAM_DB_POOL_SIZE", "db.pool-size"),
            Map.entry("STREAMCREAM_JWT_SECRET", "security.jwt.secret"),
            Map.entry("STREAMCREAM_ENCRYPTION_KEY", "security.encryption-key"),
            Map.entry("STREAMCREAM_CORS_ORIGINS", "cors.allowed-origins"),
            Map.entry("STREAMCREAM_TTS_ENDPOINTS", "tts.synthesis.endpoints"),
            Map.entry("STREAMCREAM_TTS_ALLOW_ANONYMOUS", "tts.compat.allow-anonymous"),
            Map.entry("STREAMCREAM_SMTP_HOST", "mail.smtp.host"),
            Map.entry("STREAMCREAM_SMTP_PORT", "mail.smtp.port"),
            Map.entry("STREAMCREAM_SMTP_SECURITY", "mail.smtp.security"),
            Map.entry("STREAMCREAM_SMTP_USER", "mail.smtp.username"),
            Map.entry("STREAMCREAM_SMTP_PASSWORD", "mail.smtp.password"),
            Map.entry("STREAMCREAM_MAIL_FROM", "mail.from"));

    private StreamCreamConfig() {
    }

    /**
     * Configuration from the process environment.
     *
     * @return the merged configuration
     */
    public static Config load() {
        return load(System::getenv, Map.of());
    }

    /**
     * Configuration from a given environment plus explicit overrides (tests, the launcher).
     *
     * @param environment reads an environment variable, returning {@code null} when unset
     * @param overrides   keys that win over everything else
     * @return the merged configuration
     */
    public static Config load(Function<String, String> environment, Map<String, String> overrides) {
        Map<String, String> fromEnvironment = new LinkedHashMap<>();
        ENVIRONMENT_KEYS.forEach((variable, key) -> {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                fromEnvironment.put(key, value.strip());
            }
        });
        Config.Builder builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(overrides))
                .addSource(ConfigSources.create(fromEnvironment))
                .addSource(ConfigSources.systemProperties());
        String file = environment.apply("STREAMCREAM_CONFIG");
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalStateException("STREAMCREAM_CONFIG names a file that cannot be read: " + path);
            }
            builder.addSource(ConfigSources.file(path));
        }
        return builder.addSource(ConfigSources.classpath("streamcream-defaults.yaml"))
                .build();
    }
}
