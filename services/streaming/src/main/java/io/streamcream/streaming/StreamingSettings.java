package io.streamcream.streaming;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.helidon.config.Config;

/**
 * The {@code streaming} configuration node.
 *
 * @param allowAnonymous       accept streams without a token (the original frontend sends none)
 * @param maxSessions          concurrent sessions of the whole service
 * @param maxSessionsPerUser   concurrent sessions of one user (anonymous: of one client address)
 * @param maxMessageSize       largest WebSocket message, bytes
 * @param queueSize            bound of a session's chunk queue, bytes
 * @param backpressureTimeout  how long a full queue may hold a client before the session fails
 * @param idleTimeout          longest silence of a client (also the wait for the first message)
 * @param pauseTimeout         longest pause
 * @param connectTimeout       RTMP connect and handshake deadline
 * @param writeTimeout         longest blocking RTMP write before the destination counts as stalled
 * @param closeTimeout         how long an ending session may flush before it is aborted
 * @param statusInterval       period of the status messages
 * @param maxDestinations      destinations per session, the main one included
 * @param allowedHosts         RTMP hosts allowed (exact, or a suffix starting with a dot); empty: any
 * @param allowedOrigins       browser origins allowed to open the WebSocket; empty: any
 * @param defaultFps           frame rate when the client gives none
 * @param defaultBitrate       video bit rate (kb/s) when the client gives none
 */
public record StreamingSettings(boolean allowAnonymous, int maxSessions, int maxSessionsPerUser, int maxMessageSize,
                                long queueSize, Duration backpressureTimeout, Duration idleTimeout,
                                Duration pauseTimeout, Duration connectTimeout, Duration writeTimeout,
                                Duration closeTimeout, Duration statusInterval, int maxDestinations,
                                List<String> allowedHosts, List<String> allowedOrigins, int defaultFps,
                                int defaultBitrate) {

    /** Copies the lists. */
    public StreamingSettings {
        allowedHosts = List.copyOf(allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * @param config the {@code streaming} node
     * @return the settings, defaults where unset
     */
    public static StreamingSettings create(Config config) {
        return new StreamingSettings(
                config.get("allow-anonymous").asBoolean().orElse(false),
                config.get("max-sessions").asInt().orElse(50),
                config.get("max-sessions-per-user").asInt().orElse(3),
                config.get("max-message-size").asInt().orElse(16 * 1024 * 1024),
                config.get("queue-size").asLong().orElse(32L * 1024 * 1024),
                duration(config, "backpressure-timeout", Duration.ofSeconds(10)),
                duration(config, "idle-timeout", Duration.ofSeconds(30)),
                duration(config, "pause-timeout", Duration.ofMinutes(10)),
                duration(config, "connect-timeout", Duration.ofSeconds(5)),
                duration(config, "write-timeout", Duration.ofSeconds(5)),
                duration(config, "close-timeout", Duration.ofMillis(1500)),
                duration(config, "status-interval", Duration.ofSeconds(1)),
                config.get("max-destinations").asInt().orElse(5),
                list(config, "allowed-hosts"),
                list(config, "allowed-origins"),
                config.get("default-fps").asInt().orElse(30),
                config.get("default-bitrate").asInt().orElse(2500));
    }

    private static Duration duration(Config config, String key, Duration fallback) {
        return config.get(key).asString().map(String::strip).filter(s -> !s.isEmpty()).map(Duration::parse).orElse(fallback);
    }

    private static List<String> list(Config config, String key) {
        return config.get(key).asString().map(value -> Arrays.stream(value.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }
}
