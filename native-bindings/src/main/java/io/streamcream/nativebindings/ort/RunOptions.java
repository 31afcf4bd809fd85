package io.streamcream.nativebindings.ort;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.streamcream.nativebindings.internal.CStrings;
import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * {@code OrtRunOptions}: per-run tag, log level and the terminate flag that cancels runs using these options.
 * Safe to share between threads; {@link #terminate()} may be called while runs are in progress.
 */
public final class RunOptions implements AutoCloseable {
    private final OrtApi api;
    private final Arena arena;
    private final MemorySegment options;
    private final UsageGuard guard = new UsageGuard("RunOptions");

    private RunOptions(OrtApi api) {
        this.api = api;
        this.arena = Arena.ofShared();
        this.options = api.create(OrtApi.CREATE_RUN_OPTIONS).reinterpret(arena, p -> api.release(OrtApi.RELEASE_RUN_OPTIONS, p));
    }

    /**
     * Creates run options with ORT's defaults.
     *
     * @return the options
     */
    public static RunOptions create() {
        return new RunOptions(OrtRuntime.get().api());
    }

    /**
     * Sets the tag ORT writes into log lines of runs with these options.
     *
     * @param tag the tag
     * @return this
     */
    public RunOptions tag(String tag) {
        guard.enter();
        try (Arena scratch = Arena.ofConfined()) {
            api.call(OrtApi.RUN_OPTIONS_SET_RUN_TAG, options, scratch.allocateFrom(tag));
            return this;
        } finally {
            guard.exit();
        }
    }

    /**
     * The tag as ORT stores it.
     *
     * @return the tag
     */
    public String tag() {
        guard.enter();
        try {
            return CStrings.read(api.getPointer(OrtApi.RUN_OPTIONS_GET_RUN_TAG, options));
        } finally {
            guard.exit();
        }
    }

    /**
     * Sets the lowest ORT log level for runs with these options.
     *
     * @param level the level
     * @return this
     */
    public RunOptions logSeverity(LoggingLevel level) {
        guard.enter();
        try {
            api.callInt(OrtApi.RUN_OPTIONS_SET_RUN_LOG_SEVERITY_LEVEL, options, level.value());
            return this;
        } finally {
            guard.exit();
        }
    }

    /**
     * Asks every run using these options to stop as soon as possible; they fail with an {@link OrtException}.
     *
     * @return this
     */
    public RunOptions terminate() {
        guard.enter();
        try {
            api.call(OrtApi.RUN_OPTIONS_SET_TERMINATE, options);
            return this;
        } finally {
            guard.exit();
        }
    }

    /**
     * Clears the terminate flag so the options can be used again.
     *
     * @return this
     */
    public RunOptions unsetTerminate() {
        guard.enter();
        try {
            api.call(OrtApi.RUN_OPTIONS_UNSET_TERMINATE, options);
            return this;
        } finally {
            guard.exit();
        }
    }

    MemorySegment handle() {
        return options;
    }

    UsageGuard guard() {
        return guard;
    }

    @Override
    public void close() {
        if (guard.close()) {
            arena.close();
        }
    }
}
