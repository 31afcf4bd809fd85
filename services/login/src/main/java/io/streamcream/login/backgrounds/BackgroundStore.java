package io.streamcream.login.backgrounds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.streamcream.common.http.ApiException;

/**
 * Backgrounds on disk: {@code <data-dir>/users/<userId>/backgrounds/<name>}, so deleting an account
 * removes them with the rest of the user's files.
 *
 * <p>An upload is streamed into a temporary file in the same folder (counting bytes against the
 * size limit), flushed to disk, sniffed, checked against the quota and then renamed atomically into
 * place: a crash leaves at most a temporary file, never a half image under a real name. Temporary
 * names start with a dot and never match a background name, so they are never listed or served.
 * Quota check and rename hold a per-user lock (within this process).
 */
final class BackgroundStore {

    private static final System.Logger LOG = System.getLogger(BackgroundStore.class.getName());
    private static final String TEMP_PREFIX = ".upload-";
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path usersRoot;
    private final BackgroundSettings settings;
    private final ImageSniffer sniffer;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[64];

    /**
     * @param usersRoot the folder holding one folder per user id
     * @param settings  limits
     * @param clock     upload times
     */
    BackgroundStore(Path usersRoot, BackgroundSettings settings, Clock clock) {
        this.usersRoot = usersRoot;
        this.settings = settings;
        this.sniffer = new ImageSniffer(settings.maxDimension());
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** @return the limits */
    BackgroundSettings settings() {
        return settings;
    }

    /**
     * @param userId owner
     * @return the owner's backgrounds, newest first
     */
    List<Background> list(long userId) {
        Path folder = folder(userId);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Background> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                BackgroundName.parse(entry.getFileName().toString())
                        .filter(name -> name.userId() == userId)
                        .flatMap(name -> describe(name, entry))
                        .ifPresent(found::add);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparingLong((Background b) -> b.name().uploadedMillis())
                .thenComparing(b -> b.name().random()).reversed());
        return found;
    }

    /**
     * @param userId owner
     * @return bytes the owner stores
     */
    long used(long userId) {
        return list(userId).stream().mapToLong(Background::size).sum();
    }

    /**
     * @param userId owner
     * @return the newest background
     */
    Optional<Background> latest(long userId) {
        return list(userId).stream().findFirst();
    }

    /**
     * A background by its exact name, whoever owns it.
     *
     * @param text the name as received
     * @return the background
     */
    Optional<Background> find(String text) {
        return BackgroundName.parse(text)
                .filter(name -> name.fileName().equals(text))
                .flatMap(name -> describe(name, folder(name.userId()).resolve(name.fileName())));
    }

    /**
     * @param userId owner
     * @param text   the name as received
     * @return the background when it exists and belongs to the user
     */
    Optional<Background> findOwned(long userId, String text) {
        return find(text).filter(background -> background.name().userId() == userId);
    }

    /**
     * Stores an upload.
     *
     * @param userId owner
     * @param in     the file's bytes
     * @return the stored background
     */
    Background store(long userId, InputStream in) {
        Path folder = folder(userId);
        Path temp;
        try {
            Files.createDirectories(folder);
            removeStaleTemporaries(folder);
            byte[] id = new byte[12];
            RANDOM.nextBytes(id);
            temp = folder.resolve(TEMP_PREFIX + HexFormat.of().formatHex(id) + ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            long size = copyLimited(in, temp);
            if (size == 0) {
                throw ApiException.badRequest("没有选择文件");
            }
            ImageSniffer.Result image = sniffer.sniff(temp);
            ReentrantLock lock = lock(userId);
            lock.lock();
            try {
                List<Background> existing = list(userId);
                long used = existing.stream().mapToLong(Background::size).sum();
                if (used + size > settings.quotaBytes()) {
                    throw ApiException.tooLarge("超出背景图片存储配额（已用 " + used + " 字节，本次 " + size
                            + " 字节，配额 " + settings.quotaBytes() + " 字节），请先删除不用的背景");
                }
                long newest = existing.isEmpty() ? 0 : existing.getFirst().name().uploadedMillis();
                BackgroundName name = BackgroundName.create(userId, Math.max(clock.millis(), newest + 1), image.type());
                Path target = folder.resolve(name.fileName());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                return describe(name, target).orElseThrow(() -> new IllegalStateException("Stored file vanished: " + target));
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Deletes one of the user's backgrounds.
     *
     * @param userId owner
     * @param text   the name as received
     * @return whether it existed
     */
    boolean delete(long userId, String text) {
        Optional<Background> background = findOwned(userId, text);
        if (background.isEmpty()) {
            return false;
        }
        ReentrantLock lock = lock(userId);
        lock.lock();
        try {
            return Files.deleteIfExists(background.get().file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private long copyLimited(InputStream in, Path temp) throws IOException {
        long limit = settings.maxFileSize();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > limit) {
                    throw ApiException.tooLarge("文件过大（上限 " + limit + " 字节）");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        }
        return total;
    }

    private Optional<Background> describe(BackgroundName name, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new Background(name, file, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path folder(long userId) {
        return usersRoot.resolve(Long.toString(userId)).resolve("backgrounds");
    }

    private ReentrantLock lock(long userId) {
        return locks[(int) Math.floorMod(userId, (long) locks.length)];
    }

    private void removeStaleTemporaries(Path folder) throws IOException {
        long cutoff = clock.millis() - STALE_TEMP.toMillis();
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    deleteQuietly(temp);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot delete temporary upload " + file + ": " + e.getMessage());
        }
    }
}
