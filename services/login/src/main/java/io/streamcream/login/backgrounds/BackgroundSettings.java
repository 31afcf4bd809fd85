package io.streamcream.login.backgrounds;

import io.helidon.config.Config;

/**
 * {@code backgrounds.*} configuration.
 *
 * @param maxFileSize  largest accepted upload in bytes (413 beyond)
 * @param quotaBytes   total bytes one user may store (413 beyond)
 * @param maxDimension largest accepted width or height in pixels
 */
public record BackgroundSettings(long maxFileSize, long quotaBytes, int maxDimension) {

    /**
     * @param config the {@code backgrounds} node
     * @return the settings
     */
    public static BackgroundSettings create(Config config) {
        long maxFile = config.get("max-file-size").asLong().orElse(10L * 1024 * 1024);
        long quota = config.get("quota-bytes").asLong().orElse(100L * 1024 * 1024);
        int dimension = config.get("max-dimension").asInt().orElse(16384);
        if (maxFile < 1 || quota < 1 || dimension < 1) {
            throw new IllegalStateException("backgrounds.max-file-size, quota-bytes and max-dimension must be positive");
        }
        return new BackgroundSettings(maxFile, quota, dimension);
    }
}
