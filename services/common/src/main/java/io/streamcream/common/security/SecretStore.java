package io.streamcream.common.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys that are generated once and kept under {@code <data-dir>/keys}, readable only by the owner.
 * Several services of one installation (or several JVMs sharing the data directory) agree on a
 * key because the first writer wins atomically.
 */
public final class SecretStore {

    private static final System.Logger LOG = System.getLogger(SecretStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;

    /**
     * @param folder where the key files live
     */
    public SecretStore(Path folder) {
        this.folder = folder;
    }

    /**
     * Reads a key, generating it on first use.
     *
     * @param name  file name, such as {@code jwt-hs256.key}
     * @param bytes key length for a new key
     * @return the key bytes
     */
    public byte[] key(String name, int bytes) {
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, name, ".tmp");
            restrict(temp);
            Files.writeString(temp, Base64.getEncoder().encodeToString(key));
            try {
                // A hard link fails when the target exists, so the first writer wins atomically.
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                LOG.log(Level.DEBUG, "Another process created " + file + " first");
            } finally {
                Files.deleteIfExists(temp);
            }
            LOG.log(Level.INFO, "Generated a new key " + file + " (keep the data directory private)");
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create key file " + file, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Key file is not Base64: " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "File system without POSIX permissions: " + file);
        }
    }
}
