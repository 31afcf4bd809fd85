package io.streamcream.nativebindings.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.streamcream.nativebindings.internal.UsageGuard;

/**
 * A {@code cudaStream_t}. Closing destroys it ({@code cudaStreamDestroy}).
 */
public final class CudaStream implements AutoCloseable {
    private final CudaRuntime runtime;
    private final Arena arena;
    private final MemorySegment stream;
    private final UsageGuard guard = new UsageGuard("CudaStream");

    CudaStream(CudaRuntime runtime, MemorySegment raw) {
        this.runtime = runtime;
        this.arena = Arena.ofShared();
        this.stream = raw.reinterpret(arena, s -> runtime.cudart().streamDestroy(s));
    }

    /**
     * Waits until all work queued on the stream is done ({@code cudaStreamSynchronize}).
     */
    public void synchronize() {
        guard.enter();
        try {
            runtime.check("cudaStreamSynchronize", runtime.cudart().streamSynchronize(stream));
        } finally {
            guard.exit();
        }
    }

    /**
     * The raw {@code cudaStream_t}, e.g. for ORT's {@code user_compute_stream} option.
     *
     * @return the stream handle
     */
    public MemorySegment handle() {
        guard.ensureOpen();
        return stream;
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
