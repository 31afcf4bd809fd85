package io.streamcream.tts.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import io.streamcream.common.db.Database;

/**
 * Synthesised audio on disk ({@code <data-dir>/audio}) with one database row per file: owner,
 * content key (for the cache), size and measured duration. Files are written atomically (temp file
 * plus rename), named unguessably, and expire after a TTL.
 */
public final class AudioStore {

    private static final System.Logger LOG = System.getLogger(AudioStore.class.getName());
    private static final Pattern NAME = Pattern.compile("speech_[a-z2-7]{26}\\.wav");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final Path folder;
    private final Clock clock;

    /**
     * @param database rows
     * @param folder   files
     * @param clock    time source
     */
    public AudioStore(Database database, Path folder, Clock clock) {
        this.database = database;
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * An earlier result with the same content key, given to this owner under a new name (a hard
     * link, or a copy where links are not possible). Nothing is synthesised again.
     *
     * @param owner    who asks
     * @param cacheKey content key
     * @return the audio, if any owner has a live file with that key
     */
    public Optional<StoredAudio> cached(AudioOwner owner, String cacheKey) {
        DbExecute db = database.client().execute();
        List<DbRow> rows = db.query("SELECT name, COALESCE(user_id, 0) AS user_id, size_bytes, duration_ms, format FROM tts_audio "
                + "WHERE cache_key = ? ORDER BY created_at DESC", cacheKey).toList();
        for (DbRow row : rows) {
            String name = row.column("name").get(String.class);
            Path source = folder.resolve(name);
            if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            long size = row.column("size_bytes").get(Number.class).longValue();
            double seconds = row.column("duration_ms").get(Number.class).longValue() / 1000.0;
            String format = row.column("format").get(String.class);
            if (row.column("user_id").get(Number.class).longValue() == owner.userId()) {
                return Optional.of(new StoredAudio(name, size, seconds, format, true));
            }
            String copy = newName();
            try {
                try {
                    Files.createLink(folder.resolve(copy), source);
                } catch (UnsupportedOperationException | IOException linkFailed) {
                    Files.copy(source, folder.resolve(copy));
                }
            } catch (IOException e) {
                continue;
            }
            insert(db, copy, owner, cacheKey, size, Math.round(seconds * 1000), format);
            return Optional.of(new StoredAudio(copy, size, seconds, format, true));
        }
        return Optional.empty();
    }

    /**
     * Stores a new WAV file.
     *
     * @param owner    its owner
     * @param cacheKey content key
     * @param audio    the audio
     * @return the stored file
     */
    public StoredAudio save(AudioOwner owner, String cacheKey, PcmAudio audio) {
        byte[] wav = Wav.encode(audio);
        String name = newName();
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".audio-", ".tmp");
            try {
                Files.write(temp, wav);
                Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store audio in " + folder, e);
        }
        long millis = Math.round(audio.seconds() * 1000);
        insert(database.client().execute(), name, owner, cacheKey, wav.length, millis, "wav");
        return new StoredAudio(name, wav.length, audio.seconds(), "wav", false);
    }

    /**
     * The file of a name, for serving. Only exact names of live rows are found.
     *
     * @param name requested name
     * @return the file
     */
    public Optional<Path> file(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        boolean known = database.client().execute().get("SELECT name FROM tts_audio WHERE name = ?", name).isPresent();
        return known ? Optional.of(file) : Optional.empty();
    }

    /**
     * Reads a stored file back as audio.
     *
     * @param name a stored name
     * @return its audio
     */
    public PcmAudio audio(String name) {
        Path file = file(name).orElseThrow(() -> new IllegalStateException("No stored audio " + name));
        try {
            return Wav.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes one of the owner's files.
     *
     * @param owner the owner
     * @param name  the file
     * @return whether the owner had it
     */
    public boolean delete(AudioOwner owner, String name) {
        if (!NAME.matcher(name).matches()) {
            return false;
        }
        long removed = owner.isAnonymous()
                ? database.client().execute().delete("DELETE FROM tts_audio WHERE name = ? AND user_id IS NULL", name)
                : database.client().execute().delete("DELETE FROM tts_audio WHERE name = ? AND user_id = ?", name,
                        owner.userId());
        if (removed > 0) {
            deleteFile(name);
        }
        return removed > 0;
    }

    /**
     * Deletes every file of an owner.
     *
     * @param owner the owner
     * @return how many
     */
    public int deleteAll(AudioOwner owner) {
        DbExecute db = database.client().execute();
        List<String> names = (owner.isAnonymous()
                ? db.query("SELECT name FROM tts_audio WHERE user_id IS NULL")
                : db.query("SELECT name FROM tts_audio WHERE user_id = ?", owner.userId()))
                .map(row -> row.column("name").get(String.class)).toList();
        int count = 0;
        for (String name : names) {
            if (delete(owner, name)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Removes files older than the TTL, and files no row knows (their user was deleted, or a crash
     * left them) once they are a minute old.
     *
     * @param ttl how long a file lives
     * @return how many files were removed
     */
    public int expire(Duration ttl) {
        long cutoff = clock.millis() - ttl.toMillis();
        DbExecute db = database.client().execute();
        List<String> old = db.query("SELECT name FROM tts_audio WHERE created_at < ?", cutoff)
                .map(row -> row.column("name").get(String.class)).toList();
        int removed = 0;
        for (String name : old) {
            db.delete("DELETE FROM tts_audio WHERE name = ?", name);
            removed += deleteFile(name) ? 1 : 0;
        }
        if (!Files.isDirectory(folder)) {
            return removed;
        }
        long orphanCutoff = clock.millis() - Duration.ofMinutes(1).toMillis();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Files.getLastModifiedTime(file).toMillis() < orphanCutoff
                        && (!NAME.matcher(name).matches() || db.get("SELECT name FROM tts_audio WHERE name = ?", name).isEmpty())) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Audio clean-up of " + folder + " failed", e);
        }
        return removed;
    }

    private void insert(DbExecute db, String name, AudioOwner owner, String cacheKey, long size, long millis, String format) {
        if (owner.isAnonymous()) {
            db.insert("INSERT INTO tts_audio (name, user_id, cache_key, size_bytes, duration_ms, format, created_at) "
                    + "VALUES (?, NULL, ?, ?, ?, ?, ?)", name, cacheKey, size, millis, format, clock.millis());
        } else {
            db.insert("INSERT INTO tts_audio (name, user_id, cache_key, size_bytes, duration_ms, format, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", name, owner.userId(), cacheKey, size, millis, format, clock.millis());
        }
    }

    private boolean deleteFile(String name) {
        try {
            return Files.deleteIfExists(folder.resolve(name));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot delete audio file " + name, e);
            return false;
        }
    }

    private static String newName() {
        StringBuilder name = new StringBuilder("speech_");
        for (int i = 0; i < 26; i++) {
            name.append(BASE32[RANDOM.nextInt(32)]);
        }
        return name.append(".wav").toString();
    }

    static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

}
