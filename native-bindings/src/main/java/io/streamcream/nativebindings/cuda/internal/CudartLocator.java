package io.streamcream.nativebindings.cuda.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.streamcream.nativebindings.internal.Platform;

/**
 * Finds and opens {@code libcudart}: {@code -Dstreamcream.cudart.library} / {@code STREAMCREAM_CUDART_LIBRARY}, then
 * {@code $CUDA_HOME} and {@code $CUDA_PATH}, then the usual install folders, then the loader's search path by soname.
 */
public final class CudartLocator {
    /** System property with the path of {@code libcudart}. */
    public static final String LIBRARY_PROPERTY = "streamcream.cudart.library";
    /** Environment variable used when {@link #LIBRARY_PROPERTY} is not set. */
    public static final String LIBRARY_ENV = "STREAMCREAM_CUDART_LIBRARY";
    /** Sonames tried through the loader, newest first. */
    static final List<String> SONAMES = List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so");

    private CudartLocator() {
    }

    /**
     * An opened library.
     *
     * @param lookup its symbols
     * @param name   the path or soname that worked
     */
    public record Opened(SymbolLookup lookup, String name) {
    }

    /**
     * Result of a search: the library, or the list of what was tried.
     *
     * @param opened the library if found
     * @param tried  every candidate with why it failed
     */
    public record Search(Optional<Opened> opened, List<String> tried) {
    }

    /**
     * Searches with the default rules.
     *
     * @return the search result; never throws for a missing library
     */
    public static Search search() {
        Optional<String> configured = Platform.setting(LIBRARY_PROPERTY, LIBRARY_ENV);
        if (configured.isPresent()) {
            return searchPaths(List.of(Path.of(configured.get())), List.of());
        }
        List<Path> paths = new ArrayList<>();
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) {
                addInstall(paths, Path.of(home));
            }
        }
        addInstall(paths, Path.of("/usr/local/cuda"));
        paths.add(Path.of("/usr/lib/x86_64-linux-gnu/libcudart.so"));
        paths.add(Path.of("/usr/lib64/libcudart.so"));
        return searchPaths(paths, SONAMES);
    }

    private static void addInstall(List<Path> paths, Path home) {
        paths.add(home.resolve("lib64").resolve("libcudart.so"));
        paths.add(home.resolve("lib").resolve("libcudart.so"));
        paths.add(home.resolve("targets").resolve("x86_64-linux").resolve("lib").resolve("libcudart.so"));
    }

    /**
     * Tries the given paths, then the sonames.
     *
     * @param paths   absolute candidates
     * @param sonames names for the loader
     * @return the search result
     */
    public static Search searchPaths(List<Path> paths, List<String> sonames) {
        List<String> tried = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                tried.add(path + " (missing)");
                continue;
            }
            try {
                return new Search(Optional.of(new Opened(SymbolLookup.libraryLookup(path, Arena.global()), path.toString())), tried);
            } catch (IllegalArgumentException e) {
                tried.add(path + " (" + e.getMessage() + ")");
            }
        }
        for (String soname : sonames) {
            try {
                return new Search(Optional.of(new Opened(SymbolLookup.libraryLookup(soname, Arena.global()), soname)), tried);
            } catch (IllegalArgumentException e) {
                tried.add(soname + " (not on the loader path)");
            }
        }
        return new Search(Optional.empty(), List.copyOf(tried));
    }
}
