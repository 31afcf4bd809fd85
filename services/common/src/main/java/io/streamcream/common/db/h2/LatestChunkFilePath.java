package io.streamcream.common.db.h2;

import java.io.IOException;
import java.nio.channels.FileChannel;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2 file-system scheme {@value #SCHEME}: the plain disk files, except that an MVStore database file
 * ({@code *.mv.db}) is opened through a {@link LatestChunkFileChannel}.
 *
 * <p>Why: H2 2.5 writes a chunk into reused space and then rewrites the file header before it
 * records that chunk as the newest, so the header names the chunk before it. After a crash, recovery
 * follows the header and that chunk's predicted successor, never finds the new chunk, and the commit
 * it held (already acknowledged, {@code WRITE_DELAY=0}) is gone. The wrapper corrects the header as
 * it is written. H2's public extension point for this is a {@link FilePathWrapper}; the file format
 * itself is untouched, so the database opens with or without the wrapper.
 *
 * <p>URL form: {@code jdbc:h2:latestchunk:/path/to/db;...}. {@link #register()} must run before
 * the first connection.
 */
public final class LatestChunkFilePath extends FilePathWrapper {

    /** The scheme, used as the prefix of the database path in the JDBC URL. */
    public static final String SCHEME = "latestchunk";

    private static final String MVSTORE_SUFFIX = ".mv.db";

    /**
     * Registers the scheme with H2 (idempotent).
     */
    public static void register() {
        FilePath.register(new LatestChunkFilePath());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel channel = getBase().open(mode);
        if (mode.contains("w") && getBase().getName().endsWith(MVSTORE_SUFFIX)) {
            return new LatestChunkFileChannel(channel);
        }
        return channel;
    }
}
