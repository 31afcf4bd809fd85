package io.streamcream.sovits.t2s;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.streamcream.nativebindings.ort.ElementType;
import io.streamcream.nativebindings.ort.Tensor;

/** KV cache buffers in host memory from {@code calloc} (only the rows a decode fills become resident). */
final class HostKv implements KvPlacement {
    static final HostKv INSTANCE = new HostKv();

    private HostKv() {
    }

    @Override
    public KvBuffer allocate(long bytes) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment memory = NativeMemory.zeroed(bytes, arena);
            return new KvBuffer() {
                @Override
                public Tensor view(long offsetBytes, long length, long... shape) {
                    return Tensor.wrap(memory.asSlice(offsetBytes, length), ElementType.FLOAT, shape);
                }

                @Override
                public void close() {
                    arena.close();
                }
            };
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "host";
    }

    /** Nothing to release: host buffers are freed by their own close. */
    @Override
    public void close() {
    }
}
