package io.streamcream.sovits.t2s;

import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.cuda.DeviceBuffer;
import io.streamcream.nativebindings.ort.ElementType;
import io.streamcream.nativebindings.ort.MemoryInfo;
import io.streamcream.nativebindings.ort.Tensor;

/**
 * KV cache buffers in CUDA device memory ({@code cudaMalloc}, zeroed with {@code cudaMemset}), wrapped for ORT with the
 * device's {@code Cuda} memory info. The segments are device addresses: nothing here reads or writes them from Java.
 */
final class CudaKv implements KvPlacement {
    private final CudaRuntime runtime;
    private final int deviceId;
    private final MemoryInfo memoryInfo;

    CudaKv(CudaRuntime runtime, int deviceId) {
        runtime.setDevice(deviceId);
        this.runtime = runtime;
        this.deviceId = deviceId;
        this.memoryInfo = MemoryInfo.cuda(deviceId);
    }

    @Override
    public KvBuffer allocate(long bytes) {
        // cudaMalloc allocates on the calling thread's current device, and decodes run on pool threads.
        runtime.setDevice(deviceId);
        DeviceBuffer buffer = runtime.allocate(Math.max(1L, bytes));
        try {
            buffer.fill(0);
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
        return new KvBuffer() {
            @Override
            public Tensor view(long offsetBytes, long length, long... shape) {
                return Tensor.wrap(memoryInfo, buffer.segment().asSlice(offsetBytes, length), ElementType.FLOAT, shape);
            }

            @Override
            public void close() {
                buffer.close();
            }
        };
    }

    @Override
    public String name() {
        return "cuda:" + deviceId;
    }

    @Override
    public void close() {
        memoryInfo.close();
    }
}
