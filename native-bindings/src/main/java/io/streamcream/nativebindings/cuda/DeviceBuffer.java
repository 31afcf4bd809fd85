package io.streamcream.nativebindings.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.streamcream.nativebindings.internal.UsageGuard;

/**
 * Device memory from {@code cudaMalloc}, freed with {@code cudaFree} on {@link #close()}.
 * <p>
 * {@link #segment()} describes the device range for ORT ({@code Tensor.wrap(MemoryInfo.cuda(id), buffer.segment(), ...)});
 * it must never be dereferenced from Java. Copy to and from host memory with the {@code copy} methods.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaRuntime runtime;
    private final Arena arena;
    private final MemorySegment pointer;
    private final long byteSize;
    private final UsageGuard guard = new UsageGuard("DeviceBuffer");

    DeviceBuffer(CudaRuntime runtime, MemorySegment raw, long byteSize) {
        this.runtime = runtime;
        this.byteSize = byteSize;
        this.arena = Arena.ofShared();
        this.pointer = raw.reinterpret(byteSize, arena, p -> runtime.cudart().free(p));
    }

    /**
     * Size in bytes.
     *
     * @return the size
     */
    public long byteSize() {
        return byteSize;
    }

    /**
     * The device address range (not host-accessible).
     *
     * @return the segment
     */
    public MemorySegment segment() {
        guard.ensureOpen();
        return pointer;
    }

    /**
     * Synchronous copy from host memory ({@code cudaMemcpy}, host to device).
     *
     * @param host source, at most {@link #byteSize()} bytes
     */
    public void copyFromHost(MemorySegment host) {
        copy(pointer, host, Math.min(host.byteSize(), byteSize), CudaRuntime.HOST_TO_DEVICE, null);
    }

    /**
     * Synchronous copy to host memory ({@code cudaMemcpy}, device to host).
     *
     * @param host destination
     */
    public void copyToHost(MemorySegment host) {
        copy(host, pointer, Math.min(host.byteSize(), byteSize), CudaRuntime.DEVICE_TO_HOST, null);
    }

    /**
     * Asynchronous copy from host memory on a stream ({@code cudaMemcpyAsync}); the host memory must stay valid
     * until the stream is synchronized.
     *
     * @param host   source
     * @param stream the stream
     */
    public void copyFromHostAsync(MemorySegment host, CudaStream stream) {
        copy(pointer, host, Math.min(host.byteSize(), byteSize), CudaRuntime.HOST_TO_DEVICE, stream);
    }

    /**
     * Asynchronous copy to host memory on a stream ({@code cudaMemcpyAsync}).
     *
     * @param host   destination
     * @param stream the stream
     */
    public void copyToHostAsync(MemorySegment host, CudaStream stream) {
        copy(host, pointer, Math.min(host.byteSize(), byteSize), CudaRuntime.DEVICE_TO_HOST, stream);
    }

    /**
     * Device-to-device copy from another buffer.
     *
     * @param source the source buffer
     */
    public void copyFrom(DeviceBuffer source) {
        source.guard.enter();
        try {
            copy(pointer, source.pointer, Math.min(source.byteSize, byteSize), CudaRuntime.DEVICE_TO_DEVICE, null);
        } finally {
            source.guard.exit();
        }
    }

    /**
     * Sets every byte ({@code cudaMemset}).
     *
     * @param value the byte value
     */
    public void fill(int value) {
        guard.enter();
        try {
            runtime.check("cudaMemset", runtime.cudart().memset(pointer, value, byteSize));
        } finally {
            guard.exit();
        }
    }

    private void copy(MemorySegment dst, MemorySegment src, long bytes, int kind, CudaStream stream) {
        guard.enter();
        try {
            if (stream == null) {
                runtime.check("cudaMemcpy", runtime.cudart().memcpy(dst, src, bytes, kind));
            } else {
                stream.guard().enter();
                try {
                    runtime.check("cudaMemcpyAsync", runtime.cudart().memcpyAsync(dst, src, bytes, kind, stream.handle()));
                } finally {
                    stream.guard().exit();
                }
            }
        } finally {
            guard.exit();
        }
    }

    @Override
    public void close() {
        if (guard.close()) {
            arena.close();
        }
    }
}
