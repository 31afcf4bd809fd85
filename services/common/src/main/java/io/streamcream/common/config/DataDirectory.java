package io.streamcream.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.helidon.config.Config;

/**
 * The folder where the embedded database, keys, mail outbox, uploads and audio live
 * ({@code streamcream.data-dir}, default {@code ./data}).
 */
public final class DataDirectory {

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The data directory named by the configuration; created when missing.
     *
     * @param config root configuration
     * @return the data directory
     */
    public static DataDirectory create(Config config) {
        return create(Path.of(config.get("streamcream.data-dir").asString().orElse("./data")));
    }

    /**
     * A data directory at a given path; created when missing.
     *
     * @param root the folder
     * @return the data directory
     */
    public static DataDirectory create(Path root) {
        DataDirectory directory = new DataDirectory(root);
        directory.ensure(directory.root);
        return directory;
    }

    /** @return the absolute root folder */
    public Path root() {
        return root;
    }

    /**
     * A sub folder, created when missing.
     *
     * @param name relative name such as {@code keys} or {@code outbox}
     * @return the absolute folder
     */
    public Path folder(String name) {
        Path folder = root.resolve(name).normalize();
        if (!folder.startsWith(root)) {
            throw new IllegalArgumentException("Folder outside the data directory: " + name);
        }
        return ensure(folder);
    }

    private Path ensure(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data folder " + folder, e);
        }
    }
}
