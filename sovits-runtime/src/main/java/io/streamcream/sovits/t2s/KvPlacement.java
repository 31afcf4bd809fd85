package io.streamcream.sovits.t2s;

import io.streamcream.nativebindings.cuda.CudaException;
import io.streamcream.nativebindings.cuda.CudaRuntime;

/**
 * Where the T2S KV cache lives. On the CPU execution provider it is host memory; on the CUDA execution provider it is
 * device memory, so the step graph reads and extends the cache on the GPU and only the token, the position and the
 * logits cross the bus each step.
 * <p>
 * A placement is owned by whoever created it (the engine) and closed after the decoders using it.
 */
public sealed interface KvPlacement extends AutoCloseable permits HostKv, CudaKv {

    /** @return host memory (calloc), for the CPU execution provider */
    static KvPlacement host() {
        return HostKv.INSTANCE;
    }

    /**
     * Device memory of one CUDA device, for sessions running on the CUDA execution provider.
     *
     * @param runtime  the loaded CUDA runtime
     * @param deviceId device ordinal, the one the sessions run on
     * @return the placement
     * @throws CudaException when the device cannot be selected (no driver, no such device)
     */
    static KvPlacement cuda(CudaRuntime runtime, int deviceId) {
        return new CudaKv(runtime, deviceId);
    }

    /**
     * Allocates a zeroed cache buffer.
     *
     * @param bytes size
     * @return the buffer; its owner closes it
     */
    KvBuffer allocate(long bytes);

    /** @return {@code host} or {@code cuda:<device>} */
    String name();

    @Override
    void close();
}
