package io.streamcream.nativebindings.ort.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.internal.Platform;

/**
 * Finds {@code libonnxruntime}: a configured path first, then the {@code com.microsoft.onnxruntime} jar on the class
 * path (extracted once into a per-version cache folder), then the system loader's search path.
 */
public final class OrtLibraryLocator {
    /** System property with the absolute path of a {@code libonnxruntime} file (for example a GPU build). */
    public static final String LIBRARY_PROPERTY = "streamcream.ort.library";
    /** Environment variable used when {@link #LIBRARY_PROPERTY} is not set. */
    public static final String LIBRARY_ENV = "STREAMCREAM_ORT_LIBRARY";
    /** Class-path folder of the natives inside the onnxruntime jars. */
    static final String RESOURCE_ROOT = "ai/onnxruntime/native/";
    /** Extra libraries the GPU jar ships next to the main one; ORT loads them from the same folder. */
    static final List<String> PROVIDER_LIBRARIES = List.of(
            "onnxruntime_providers_shared", "onnxruntime_providers_cuda", "onnxruntime_providers_tensorrt");

    private static final System.Logger LOG = System.getLogger(OrtLibraryLocator.class.getName());

    private OrtLibraryLocator() {
    }

    /**
     * Where the library was found.
     *
     * @param path   absolute path, or empty when it was found by name through the system loader
     * @param name   the path as a string or the library name
     * @param source how it was found, for logs
     */
    public record Location(Optional<Path> path, String name, String source) {
    }

    /**
     * Locates the library with the default rules.
     *
     * @return where it is
     * @throws NativeLibraryException if a configured path does not exist or extraction fails
     */
    public static Location locate() {
        Optional<String> configured = Platform.setting(LIBRARY_PROPERTY, LIBRARY_ENV);
        if (configured.isPresent()) {
            Path path = Path.of(configured.get()).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                throw new NativeLibraryException("ONNX Runtime library configured by -D" + LIBRARY_PROPERTY + " / "
                        + LIBRARY_ENV + " does not exist: " + path);
            }
            return new Location(Optional.of(path), path.toString(), "configured");
        }
        Optional<Location> fromJar = fromClassPath(Thread.currentThread().getContextClassLoader());
        if (fromJar.isPresent()) {
            return fromJar.get();
        }
        return new Location(Optional.empty(), System.mapLibraryName("onnxruntime"), "system loader path");
    }

    /**
     * Finds the library in an onnxruntime jar visible to {@code loader}, extracting it when needed.
     *
     * @param loader class loader to search (the context loader or this class's loader)
     * @return the location, or empty if no jar carries a library for this platform
     */
    static Optional<Location> fromClassPath(ClassLoader loader) {
        String folder = RESOURCE_ROOT + Platform.ortPlatformFolder() + "/";
        String fileName = System.mapLibraryName("onnxruntime");
        ClassLoader effective = loader != null ? loader : OrtLibraryLocator.class.getClassLoader();
        URL url = effective.getResource(folder + fileName);
        if (url == null && effective != OrtLibraryLocator.class.getClassLoader()) {
            effective = OrtLibraryLocator.class.getClassLoader();
            url = effective.getResource(folder + fileName);
        }
        if (url == null) {
            return Optional.empty();
        }
        if ("file".equals(url.getProtocol())) {
            Path path = toPath(url);
            return Optional.of(new Location(Optional.of(path), path.toString(), "class path folder"));
        }
        Path dir = Platform.cacheRoot().resolve("onnxruntime").resolve(cacheKey(url)).resolve(Platform.ortPlatformFolder());
        Path main = extract(url, dir.resolve(fileName));
        for (String provider : PROVIDER_LIBRARIES) {
            String name = System.mapLibraryName(provider);
            URL extra = effective.getResource(folder + name);
            if (extra != null) {
                extract(extra, dir.resolve(name));
            }
        }
        return Optional.of(new Location(Optional.of(main), main.toString(), "extracted from " + jarName(url)));
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new NativeLibraryException("Bad library URL " + url, e);
        }
    }

    /** Folder name: the jar's file name (it carries the version) plus a short hash of its full URL. */
    static String cacheKey(URL url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toExternalForm().getBytes(StandardCharsets.UTF_8));
            return jarName(url).replaceAll("\\.jar$", "") + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String jarName(URL url) {
        String external = url.toExternalForm();
        int bang = external.indexOf("!/");
        String jar = bang > 0 ? external.substring(0, bang) : external;
        return jar.substring(jar.lastIndexOf('/') + 1);
    }

    /** Extracts once: an existing file of the right size is reused; otherwise copy to a temp file and move atomically. */
    private static Path extract(URL url, Path target) {
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            long expected = connection.getContentLengthLong();
            if (Files.isRegularFile(target) && (expected < 0 || Files.size(target) == expected)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                moveIntoPlace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            LOG.log(Level.DEBUG, "Extracted {0} to {1}", url, target);
            return target;
        } catch (IOException e) {
            throw new NativeLibraryException("Cannot extract " + url + " to " + target
                    + " (set -D" + Platform.CACHE_DIR_PROPERTY + " to a writable folder)", e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(temp, target);
            } catch (FileAlreadyExistsException raced) {
                LOG.log(Level.DEBUG, "Another process extracted {0} first", target);
            }
        }
    }
}
