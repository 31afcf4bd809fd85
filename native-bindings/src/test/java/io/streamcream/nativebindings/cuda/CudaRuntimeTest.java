package io.streamcream.nativebindings.cuda;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.cuda.internal.CudartLocator;

/**
 * CUDA through FFM. On machines without a GPU (all CI machines) this checks the clean "no driver / no device /
 * no library" answers; the device path runs only where a device exists.
 */
class CudaRuntimeTest {

    @Test
    void probeNeverThrowsAndExplainsItself() {
        CudaAvailability availability = CudaRuntime.probe();
        if (availability.available()) {
            assertThat(availability.deviceCount(), greaterThan(0));
            assertThat(availability.reason(), is("ok"));
        } else {
            assertThat(availability.deviceCount(), is(0));
            assertThat(availability.reason().isBlank(), is(false));
        }
    }

    @Test
    void withoutADriverCallsFailWithCudaErrorNames() {
        Optional<CudaRuntime> found = CudaRuntime.find();
        assumeTrue(found.isPresent(), "no libcudart on this machine");
        CudaRuntime cuda = found.get();
        assumeTrue(!cuda.availability().available(), "a CUDA device is present");
        assertThat(cuda.runtimeVersion(), greaterThan(0));
        assertThat(cuda.errorName(35), is("cudaErrorInsufficientDriver"));
        assertThat(cuda.errorName(100), is("cudaErrorNoDevice"));
        CudaException count = assertThrows(CudaException.class, cuda::deviceCount);
        assertThat(count.getMessage(), containsString("cudaGetDeviceCount failed: " + count.errorName()));
        CudaException malloc = assertThrows(CudaException.class, () -> cuda.allocate(1024));
        assertThat(malloc.code(), is(count.code()));
        CudaAvailability availability = cuda.availability();
        assertThat(availability.available(), is(false));
        assertThat(availability.reason(), containsString(count.errorName()));
        if (cuda.driverVersion() == 0) {
            assertThat(count.code(), is(35));
            assertThat(availability.reason(), containsString("no CUDA driver installed"));
        }
    }

    @Test
    void aMissingLibraryIsReportedNotThrown() {
        CudartLocator.Search search = CudartLocator.searchPaths(List.of(Path.of("/nowhere/libcudart.so")),
                List.of("libcudart.so.999"));
        assertThat(search.opened().isPresent(), is(false));
        assertThat(search.tried().toString(), containsString("/nowhere/libcudart.so (missing)"));
        assertThat(search.tried().toString(), containsString("libcudart.so.999 (not on the loader path)"));
        assertThrows(NativeLibraryException.class, () -> CudaRuntime.load(Path.of("/nowhere/libcudart.so")));
    }

    @Test
    void deviceBufferRoundTripOnARealGpu() {
        assumeTrue(CudaRuntime.probe().available(), "no CUDA device");
        CudaRuntime cuda = CudaRuntime.find().orElseThrow();
        assertThat(cuda.attribute(0, DeviceAttribute.COMPUTE_CAPABILITY_MAJOR), greaterThan(0));
        try (Arena arena = Arena.ofConfined();
             DeviceBuffer buffer = cuda.allocate(16);
             CudaStream stream = cuda.createStream()) {
            MemorySegment host = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3, 4);
            MemorySegment back = arena.allocate(16);
            buffer.copyFromHostAsync(host, stream);
            buffer.copyToHostAsync(back, stream);
            stream.synchronize();
            assertThat(back.toArray(ValueLayout.JAVA_FLOAT), is(new float[] {1, 2, 3, 4}));
        }
    }
}
