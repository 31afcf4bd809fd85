package io.streamcream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Clean-up of the temporary data directories the benchmarks create. */
public final class BenchFiles {

    private BenchFiles() {
    }

    /**
     * Deletes a directory and everything under it; a missing directory is fine. A file that cannot be
     * deleted is reported on standard error and left in place, so a clean-up never hides the benchmark's result.
     *
     * @param dir the directory
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    System.err.println("Could not remove " + path + ": " + e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not remove " + dir + ": " + e.getMessage());
        }
    }
}
