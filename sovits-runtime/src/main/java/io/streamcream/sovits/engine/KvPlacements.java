package io.streamcream.sovits.engine;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Supplier;

import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.ort.ExecutionDevice;
import io.streamcream.sovits.t2s.KvPlacement;

/**
 * Chooses where the T2S KV caches live from where the sessions run: device memory of the CUDA device when the CUDA
 * execution provider was appended and device memory can be used, otherwise host memory (with one log line saying why,
 * when CUDA was in use). Host memory also works under CUDA, at the cost of copying the cache to the device each step.
 */
final class KvPlacements {
    private static final System.Logger LOG = System.getLogger(KvPlacements.class.getName());

    private KvPlacements() {
    }

    /**
     * @param device   where the sessions run
     * @param deviceId CUDA device ordinal the sessions use
     * @param runtime  finds the CUDA runtime (only asked when {@code device} is CUDA)
     * @return the placement; the caller owns it
     */
    static KvPlacement choose(ExecutionDevice device, int deviceId, Supplier<Optional<CudaRuntime>> runtime) {
        if (device != ExecutionDevice.CUDA) {
            return KvPlacement.host();
        }
        Optional<CudaRuntime> cuda = runtime.get();
        if (cuda.isEmpty()) {
            LOG.log(Level.WARNING, "Sessions run on CUDA but libcudart was not found; the T2S KV cache stays in host memory");
            return KvPlacement.host();
        }
        try {
            return KvPlacement.cuda(cuda.get(), deviceId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sessions run on CUDA but device memory for the T2S KV cache is unavailable ("
                    + e.getMessage() + "); it stays in host memory");
            return KvPlacement.host();
        }
    }
}
