package io.streamcream.sovits.t2s;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.cuda.CudaException;
import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.ort.Tensor;

/** Host KV buffers are real zeroed memory that ORT tensors view; device buffers need a working CUDA device. */
class KvPlacementTest {

    @Test
    void hostBuffersAreZeroedAndViewedWithoutCopies() {
        try (KvPlacement host = KvPlacement.host(); KvBuffer buffer = host.allocate(4 * 2 * 3 * Float.BYTES)) {
            assertThat(host.name(), is("host"));
            try (Tensor all = buffer.view(0, 24L * Float.BYTES, 4, 2, 3);
                 Tensor row = buffer.view(2L * 6 * Float.BYTES, 6L * Float.BYTES, 1, 2, 3)) {
                float[] values = all.toFloatArray();
                assertThat(values.length, is(24));
                for (float v : values) {
                    assertThat(v, is(0f));
                }
                // A write through the row view is seen through the whole view: both are the same memory.
                row.data().setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 1, 7.5f);
                assertThat(all.toFloatArray()[13], is(7.5f));
            }
        }
    }

    @Test
    void withoutAUsableDeviceACudaPlacementFailsWithTheCudaError() {
        Optional<CudaRuntime> runtime = CudaRuntime.find();
        assumeTrue(runtime.isPresent(), "libcudart is not installed here");
        assumeTrue(!runtime.get().availability().available(), "a CUDA device is usable here");
        CudaException error = assertThrows(CudaException.class, () -> KvPlacement.cuda(runtime.get(), 0).close());
        assertThat(error.getMessage(), containsString("cudaSetDevice failed"));
    }
}
