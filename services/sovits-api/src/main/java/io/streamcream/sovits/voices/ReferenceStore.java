package io.streamcream.sovits.voices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.streamcream.sovits.audio.WavAudio;
import io.streamcream.sovits.audio.WavDecoder;

/**
 * Reference recordings. Paths clients send are resolved only inside the models folder (the
 * original's {@code 参考音频/x.wav} and {@code 参考音频.wav} map to the reference folder); anything
 * that would leave it is treated as missing. Uploads keep a sanitised name, must be WAV audio of
 * 3–10 seconds, and are written atomically.
 */
public final class ReferenceStore {

    /** Upstream's message for references of the wrong length. */
    public static final String LENGTH_MESSAGE = "参考音频在3~10秒范围外，请更换！";
    private static final String LEGACY_FOLDER = "参考音频";
    private static final long MAX_UPLOAD = 20L * 1024 * 1024;

    private final Path modelsDir;
    private final Path refDir;

    /**
     * @param settings where things are
     */
    public ReferenceStore(SovitsSettings settings) {
        this.modelsDir = settings.modelsDir();
        this.refDir = settings.refAudioDir();
    }

    /** @return the reference folder */
    public Path folder() {
        return refDir;
    }

    /**
     * Resolves a client's path.
     *
     * @param requested path as sent ({@code 参考音频/x.wav}, {@code userdatas/tts/ref_audio/x.wav}, {@code x.wav}, ...)
     * @return the file, when it exists inside the models folder
     */
    public Optional<Path> resolve(String requested) {
        String path = requested.strip().replace('\\', '/');
        if (path.isEmpty() || path.startsWith("/") || path.contains("\u0000") || path.matches("^[A-Za-z]:.*")) {
            return Optional.empty();
        }
        for (String prefix : List.of("userdatas/tts/", "./")) {
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
            }
        }
        Path candidate;
        try {
            if (path.startsWith(LEGACY_FOLDER + "/")) {
                candidate = refDir.resolve(path.substring(LEGACY_FOLDER.length() + 1));
            } else if (path.equals(LEGACY_FOLDER + ".wav") || !path.contains("/")) {
                candidate = refDir.resolve(path);
            } else {
                candidate = modelsDir.resolve(path);
            }
        } catch (java.nio.file.InvalidPathException unrepresentable) {
            // A name the file system's encoding cannot hold (e.g. Chinese under LANG=POSIX) names no file here.
            return Optional.empty();
        }
        Path normal = candidate.toAbsolutePath().normalize();
        if (!normal.startsWith(modelsDir) && !normal.startsWith(refDir)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(normal, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(normal);
    }

    /**
     * @param file a resolved reference
     * @return the path clients see ({@code 参考音频/<name>} for the reference folder)
     */
    public String clientPath(Path file) {
        if (file.startsWith(refDir)) {
            return LEGACY_FOLDER + "/" + refDir.relativize(file).toString().replace('\\', '/');
        }
        return modelsDir.relativize(file).toString().replace('\\', '/');
    }

    /** @return the WAV files of the reference folder, sorted by name */
    public List<Path> list() {
        if (!Files.isDirectory(refDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(refDir)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav"))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores an uploaded reference.
     *
     * @param clientName the client's file name
     * @param bytes      the content
     * @return the stored file
     * @throws IllegalArgumentException with a client-facing message when the upload is refused
     */
    public Path upload(String clientName, byte[] bytes) {
        if (bytes.length > MAX_UPLOAD) {
            throw new IllegalArgumentException("参考音频过大（上限 20 MB）");
        }
        WavAudio audio;
        try {
            audio = WavDecoder.decode(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("参考音频必须是 WAV 文件");
        }
        if (audio.seconds() < 3.0 || audio.seconds() > 10.0) {
            throw new IllegalArgumentException(LENGTH_MESSAGE);
        }
        String name = sanitise(clientName);
        try {
            Files.createDirectories(refDir);
            Path temp = Files.createTempFile(refDir, ".upload-", ".tmp");
            try {
                Files.write(temp, bytes);
                Files.move(temp, refDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store reference audio in " + refDir, e);
        }
        return refDir.resolve(name);
    }

    /** Keeps letters (any script), digits, {@code -_.} and spaces of the last path element; always ends in .wav. */
    static String sanitise(String clientName) {
        String base = clientName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = Normalizer.normalize(base, Normalizer.Form.NFC);
        StringBuilder clean = new StringBuilder();
        base.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_' || cp == '.' || cp == ' ') {
                clean.appendCodePoint(cp);
            } else {
                clean.append('_');
            }
        });
        String name = clean.toString().strip().replaceAll("^\\.+", "");
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
            name = name.substring(0, name.length() - 4);
        }
        if (name.isBlank()) {
            name = "reference";
        }
        if (name.length() > 100) {
            name = name.substring(0, 100);
        }
        return name + ".wav";
    }

}
