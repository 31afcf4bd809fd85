package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * An {@code OrtEnv}: logging and the context sessions are created in.
 * <p>
 * ORT keeps one refcounted environment per process. Closing an {@code Environment} while sessions created from it are
 * still open is allowed: the native environment is released when the last of them closes.
 */
public final class Environment implements AutoCloseable {
    private final OrtApi api;
    private final Arena arena;
    private final MemorySegment env;
    private final UsageGuard guard = new UsageGuard("Environment");
    private final AtomicInteger references = new AtomicInteger(1);

    private Environment(OrtApi api, String logId, LoggingLevel level) {
        this.api = api;
        this.arena = Arena.ofShared();
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            api.createEnv(level.value(), arena.allocateFrom(logId), out);
            this.env = out.get(ADDRESS, 0).reinterpret(arena, p -> api.release(OrtApi.RELEASE_ENV, p));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Creates an environment logging ORT warnings and errors under the id {@code streamcream}.
     *
     * @return the environment
     */
    public static Environment create() {
        return create("streamcream", LoggingLevel.WARNING);
    }

    /**
     * Creates an environment.
     *
     * @param logId id ORT prefixes its log lines with
     * @param level the lowest ORT log level written (to stderr)
     * @return the environment
     */
    public static Environment create(String logId, LoggingLevel level) {
        return new Environment(OrtRuntime.get().api(), logId, level);
    }

    /**
     * Loads a model from a file ({@code CreateSession}).
     *
     * @param model   path of the {@code .onnx} file
     * @param options session options; they may be closed once the session exists
     * @return the session
     * @throws OrtException for example {@link OrtErrorCode#NO_SUCHFILE} or {@link OrtErrorCode#INVALID_PROTOBUF}
     */
    public Session createSession(Path model, SessionOptions options) {
        return createSession(options, (opts, out, scratch) -> {
            if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw new IllegalStateException("Loading by path needs a UTF-16 ORTCHAR_T on Windows; load the bytes instead");
            }
            api.createSession(env, scratch.allocateFrom(model.toAbsolutePath().toString()), opts, out);
        });
    }

    /**
     * Loads a model from bytes in memory ({@code CreateSessionFromArray}); no temporary file is written.
     *
     * @param model   the serialized {@code ModelProto}
     * @param options session options
     * @return the session
     * @throws OrtException for example {@link OrtErrorCode#INVALID_PROTOBUF} for bytes that are not a model
     */
    public Session createSession(byte[] model, SessionOptions options) {
        return createSession(options, (opts, out, scratch) -> {
            MemorySegment data = scratch.allocate(Math.max(1, model.length));
            MemorySegment.copy(model, 0, data, JAVA_BYTE, 0, model.length);
            api.createSessionFromArray(env, data, model.length, opts, out);
        });
    }

    /**
     * Loads a model from native memory (for example a memory-mapped file) without copying it to the Java heap.
     *
     * @param model   the serialized {@code ModelProto} in native memory
     * @param options session options
     * @return the session
     */
    public Session createSession(MemorySegment model, SessionOptions options) {
        if (!model.isNative()) {
            throw new IllegalArgumentException("model bytes must be in native memory; use createSession(byte[], ...) for heap arrays");
        }
        return createSession(options, (opts, out, scratch) -> api.createSessionFromArray(env, model, model.byteSize(), opts, out));
    }

    @FunctionalInterface
    private interface Creator {
        void create(MemorySegment options, MemorySegment out, Arena scratch);
    }

    private Session createSession(SessionOptions options, Creator creator) {
        retain();
        boolean created = false;
        options.guard().enter();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment out = scratch.allocate(ADDRESS);
            creator.create(options.handle(), out, scratch);
            Session session = new Session(api, this, out.get(ADDRESS, 0));
            created = true;
            return session;
        } finally {
            options.guard().exit();
            if (!created) {
                releaseReference();
            }
        }
    }

    private void retain() {
        guard.enter();
        try {
            references.incrementAndGet();
        } finally {
            guard.exit();
        }
    }

    void releaseReference() {
        if (references.decrementAndGet() == 0) {
            arena.close();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} if closed
     */
    public boolean isClosed() {
        return guard.isClosed();
    }

    @Override
    public void close() {
        if (guard.close()) {
            releaseReference();
        }
    }
}
