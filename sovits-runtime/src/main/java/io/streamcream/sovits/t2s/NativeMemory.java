package io.streamcream.sovits.t2s;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Zeroed native memory from the C library's {@code calloc}, freed by {@code free} when an arena closes. Unlike
 * {@link Arena#allocate}, which writes zeros into every byte, {@code calloc} of a large block maps fresh zero pages, so
 * a KV cache sized for 1500 tokens only becomes resident as far as a decode actually fills it.
 */
final class NativeMemory {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle CALLOC = LINKER.downcallHandle(LINKER.defaultLookup().find("calloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private NativeMemory() {
    }

    /**
     * @param bytes size (at least 1 byte is requested)
     * @param arena owner; closing it frees the memory
     * @return a zeroed segment of {@code bytes} bytes, 16-byte aligned or better
     * @throws OutOfMemoryError when {@code calloc} fails
     */
    static MemorySegment zeroed(long bytes, Arena arena) {
        MemorySegment raw;
        try {
            raw = (MemorySegment) CALLOC.invokeExact(Math.max(1L, bytes), 1L);
        } catch (Throwable e) {
            throw new IllegalStateException("calloc failed", e);
        }
        if (raw.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("calloc of " + bytes + " bytes failed");
        }
        return raw.reinterpret(bytes, arena, NativeMemory::free);
    }

    private static void free(MemorySegment segment) {
        try {
            FREE.invokeExact(segment);
        } catch (Throwable e) {
            throw new IllegalStateException("free failed", e);
        }
    }
}
