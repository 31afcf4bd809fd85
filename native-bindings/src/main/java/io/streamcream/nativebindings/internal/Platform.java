package io.streamcream.nativebindings.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Operating system and architecture names, configuration look-up and the native cache folder.
 */
public final class Platform {
    /** System property naming the folder where native libraries are extracted. */
    public static final String CACHE_DIR_PROPERTY = "streamcream.native.cache-dir";

    private Platform() {
    }

    /**
     * The ONNX Runtime jar's folder name for this platform, for example {@code linux-x64}.
     *
     * @return {@code <linux|osx|win>-<x64|aarch64>}
     */
    public static String ortPlatformFolder() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String osPart = os.contains("win") ? "win" : os.contains("mac") || os.contains("darwin") ? "osx" : "linux";
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String archPart = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return osPart + "-" + archPart;
    }

    /**
     * A setting from a system property, else from an environment variable; blank values count as unset.
     *
     * @param property system property name
     * @param env      environment variable name
     * @return the value
     */
    public static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Where extracted native libraries are cached: {@value #CACHE_DIR_PROPERTY}, else
     * {@code $XDG_CACHE_HOME/streamcream/native}, else {@code ~/.cache/streamcream/native}.
     *
     * @return the cache root (not necessarily existing yet)
     */
    public static Path cacheRoot() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("streamcream").resolve("native");
    }
}
