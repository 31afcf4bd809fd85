package io.streamcream.sovits.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.ort.ExecutionDevice;
import io.streamcream.sovits.t2s.KvPlacement;

/** The KV cache follows the sessions onto CUDA only when device memory really works; otherwise host memory. */
class KvPlacementsTest {

    @Test
    void cpuSessionsKeepTheCacheInHostMemoryWithoutLookingForCuda() {
        AtomicBoolean asked = new AtomicBoolean();
        try (KvPlacement placement = KvPlacements.choose(ExecutionDevice.CPU, 0, () -> {
            asked.set(true);
            return Optional.empty();
        })) {
            assertThat(placement.name(), is("host"));
            assertThat(asked.get(), is(false));
        }
    }

    @Test
    void cudaSessionsWithoutLibcudartFallBackToHostMemory() {
        try (KvPlacement placement = KvPlacements.choose(ExecutionDevice.CUDA, 0, Optional::empty)) {
            assertThat(placement.name(), is("host"));
        }
    }

    @Test
    void cudaSessionsWhoseDeviceCannotBeUsedFallBackToHostMemory() {
        Optional<CudaRuntime> runtime = CudaRuntime.find();
        assumeTrue(runtime.isPresent(), "libcudart is not installed here");
        assumeTrue(!runtime.get().availability().available(), "a CUDA device is usable here");
        try (KvPlacement placement = KvPlacements.choose(ExecutionDevice.CUDA, 0, () -> runtime)) {
            assertThat(placement.name(), is("host"));
        }
    }
}
