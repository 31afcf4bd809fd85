package io.streamcream.sovits.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.OrtException;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.SessionOptions;

/**
 * Opens each graph file once and shares the session among every voice that references it (typically {@code ssl}
 * and {@code bert}), counting references: a session closes when its last {@link Lease} closes. Files are keyed by
 * their real path, size and modification time: two manifests that reach the same file through different relative
 * paths share it, and a file replaced in place (new weights) is opened anew while requests on the old version finish.
 * <p>
 * The environment and session options are borrowed; the owner closes them after this object.
 */
public final class SharedSessions implements AutoCloseable {
    /** One reference to a shared session. Closing it more than once has no further effect. */
    public final class Lease implements AutoCloseable {
        private final FileKey key;
        private final Session session;
        private boolean closed;

        private Lease(FileKey key, Session session) {
            this.key = key;
            this.session = session;
        }

        /**
         * @return the session (valid until this lease closes)
         */
        public Session session() {
            return session;
        }

        @Override
        public void close() {
            synchronized (SharedSessions.this) {
                if (closed) {
                    return;
                }
                closed = true;
                release(key);
            }
        }
    }

    /** A file version: path plus size and modification time, so a file replaced in place is a new graph. */
    private record FileKey(Path path, long size, long modifiedNanos) {
        static FileKey of(Path file) throws IOException {
            Path real = file.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return new FileKey(real, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        }
    }

    private static final class Entry {
        final Session session;
        int references;

        Entry(Session session) {
            this.session = session;
        }
    }

    private final Environment environment;
    private final SessionOptions options;
    private final Map<FileKey, Entry> open = new HashMap<>();
    private boolean closed;

    /**
     * @param environment ORT environment (borrowed)
     * @param options     options for every session (borrowed)
     */
    public SharedSessions(Environment environment, SessionOptions options) {
        this.environment = environment;
        this.options = options;
    }

    /**
     * Opens (or reuses) the graph of {@code spec} and validates its IO against the manifest.
     *
     * @param bundle bundle name for messages
     * @param spec   the graph
     * @return a lease the caller must close
     * @throws BundleException when the file is missing, is not a model, or its IO differs from the manifest
     */
    public synchronized Lease acquire(String bundle, GraphSpec spec) {
        if (closed) {
            throw new IllegalStateException("SharedSessions is closed");
        }
        Path file = spec.file();
        if (!Files.isRegularFile(file)) {
            throw new BundleException("bundle " + bundle + ": graph " + spec.role().key() + " file " + file + " does not exist");
        }
        FileKey key;
        try {
            key = FileKey.of(file);
        } catch (IOException e) {
            throw new BundleException("bundle " + bundle + ": graph " + spec.role().key() + " file " + file + ": " + e, e);
        }
        Entry entry = open.get(key);
        boolean fresh = entry == null;
        if (fresh) {
            try {
                entry = new Entry(environment.createSession(key.path(), options));
            } catch (OrtException e) {
                throw new BundleException("bundle " + bundle + ": graph " + spec.role().key() + " (" + file
                        + ") cannot be loaded: " + e.getMessage(), e);
            }
        }
        try {
            GraphValidator.validate(bundle, spec, entry.session);
        } catch (BundleException e) {
            if (fresh) {
                entry.session.close();
            }
            throw e;
        }
        if (fresh) {
            open.put(key, entry);
        }
        entry.references++;
        return new Lease(key, entry.session);
    }

    /**
     * @return how many distinct graph files are open
     */
    public synchronized int openCount() {
        return open.size();
    }

    /**
     * @param file a graph file
     * @return references held on it, over all its open versions (0 when not open)
     */
    public synchronized int references(Path file) {
        try {
            Path real = file.toRealPath();
            return open.entrySet().stream().filter(e -> e.getKey().path().equals(real))
                    .mapToInt(e -> e.getValue().references).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private void release(FileKey key) {
        Entry e = open.get(key);
        if (e != null && --e.references == 0) {
            open.remove(key);
            e.session.close();
        }
    }

    /** Closes every session still open, whatever its reference count. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        open.values().forEach(e -> e.session.close());
        open.clear();
    }
}
