package io.streamcream.sovits.voices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Audio made by {@code POST /gpt-sovits/tts}, kept under unguessable names for a while. */
public final class GeneratedAudio {

    private static final Pattern NAME = Pattern.compile("speech_[0-9a-f]{32}\\.(wav|raw|aac|ogg)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final Duration ttl;

    /**
     * @param folder where the files go
     * @param ttl    how long they are kept
     */
    public GeneratedAudio(Path folder, Duration ttl) {
        this.folder = folder;
        this.ttl = ttl;
    }

    /**
     * @param bytes     the encoded audio
     * @param extension its media type
     * @return the stored name
     */
    public String store(byte[] bytes, String extension) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String name = "speech_" + HexFormat.of().formatHex(id) + "." + extension;
        try {
            Files.createDirectories(folder);
            expire();
            Path temp = Files.createTempFile(folder, ".audio-", ".tmp");
            try {
                Files.write(temp, bytes);
                Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /**
     * @param name a requested name
     * @return the file, when it is exactly one of ours
     */
    public Optional<Path> file(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(name);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    private void expire() throws IOException {
        long cutoff = System.currentTimeMillis() - ttl.toMillis();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
                        Files.deleteIfExists(file);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // Another request moved its temporary file or expired this one meanwhile: nothing to do.
                }
            }
        }
    }
}
