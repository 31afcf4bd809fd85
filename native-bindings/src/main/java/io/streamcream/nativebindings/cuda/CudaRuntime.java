package io.streamcream.nativebindings.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.cuda.internal.Cudart;
import io.streamcream.nativebindings.cuda.internal.CudartLocator;

/**
 * The CUDA runtime library. {@link #probe()} never throws: it reports missing library, missing driver and missing
 * device as a {@link CudaAvailability}. Failing calls throw {@link CudaException} with CUDA's error name.
 * <p>
 * The library is found through {@code -Dstreamcream.cudart.library} / {@code STREAMCREAM_CUDART_LIBRARY},
 * {@code $CUDA_HOME}/{@code $CUDA_PATH}, {@code /usr/local/cuda}, then the loader path ({@code libcudart.so.13},
 * {@code .12}, unversioned). It stays loaded for the life of the JVM.
 */
public final class CudaRuntime {
    /** {@code cudaMemcpyHostToDevice}. */
    static final int HOST_TO_DEVICE = 1;
    /** {@code cudaMemcpyDeviceToHost}. */
    static final int DEVICE_TO_HOST = 2;
    /** {@code cudaMemcpyDeviceToDevice}. */
    static final int DEVICE_TO_DEVICE = 3;

    private static Optional<CudaRuntime> found;
    private static List<String> tried = List.of();

    private final Cudart cudart;

    private CudaRuntime(Cudart cudart) {
        this.cudart = cudart;
    }

    /**
     * The CUDA runtime found with the default rules (searched once per JVM).
     *
     * @return the runtime, or empty if no {@code libcudart} was found
     */
    public static synchronized Optional<CudaRuntime> find() {
        if (found == null) {
            CudartLocator.Search search = CudartLocator.search();
            tried = search.tried();
            found = search.opened().map(o -> new CudaRuntime(new Cudart(o.lookup(), o.name())));
        }
        return found;
    }

    /**
     * Loads a specific {@code libcudart} file.
     *
     * @param library path of the library
     * @return the runtime
     * @throws NativeLibraryException if it cannot be opened or is not a CUDA runtime
     */
    public static CudaRuntime load(Path library) {
        try {
            return new CudaRuntime(new Cudart(SymbolLookup.libraryLookup(library, Arena.global()), library.toString()));
        } catch (IllegalArgumentException e) {
            throw new NativeLibraryException("Cannot open CUDA runtime " + library + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether CUDA works here, with the default library search. Never throws.
     *
     * @return the availability and, if unavailable, a one-line reason
     */
    public static CudaAvailability probe() {
        Optional<CudaRuntime> runtime;
        try {
            runtime = find();
        } catch (RuntimeException e) {
            return CudaAvailability.unavailable("CUDA runtime library unusable: " + e.getMessage(), Optional.empty(), 0, 0);
        }
        if (runtime.isEmpty()) {
            return CudaAvailability.unavailable("no CUDA runtime library (libcudart) found; tried " + tried,
                    Optional.empty(), 0, 0);
        }
        return runtime.get().availability();
    }

    /**
     * Whether this runtime has a driver and devices. Never throws.
     *
     * @return the availability
     */
    public CudaAvailability availability() {
        Optional<String> library = Optional.of(cudart.library());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, 0);
            int runtimeVersion = cudart.runtimeGetVersion(value) == Cudart.SUCCESS ? value.get(JAVA_INT, 0) : 0;
            value.set(JAVA_INT, 0, 0);
            int driverVersion = cudart.driverGetVersion(value) == Cudart.SUCCESS ? value.get(JAVA_INT, 0) : 0;
            // cudaGetDeviceCount leaves the count unwritten on error.
            value.set(JAVA_INT, 0, -1);
            int rc = cudart.getDeviceCount(value);
            if (rc != Cudart.SUCCESS) {
                String why = rc == Cudart.ERROR_INSUFFICIENT_DRIVER && driverVersion == 0 ? "no CUDA driver installed: " : "";
                return CudaAvailability.unavailable(why + "cudaGetDeviceCount returned " + cudart.errorName(rc) + " (" + rc
                        + "): " + cudart.errorString(rc) + " [" + cudart.library() + "]", library, runtimeVersion, driverVersion);
            }
            int count = value.get(JAVA_INT, 0);
            if (count <= 0) {
                return CudaAvailability.unavailable("no CUDA device present [" + cudart.library() + "]",
                        library, runtimeVersion, driverVersion);
            }
            return new CudaAvailability(true, count, "ok", library, runtimeVersion, driverVersion);
        } catch (RuntimeException e) {
            return CudaAvailability.unavailable("CUDA runtime call failed: " + e.getMessage(), library, 0, 0);
        }
    }

    /**
     * Path or soname of the loaded library.
     *
     * @return the library
     */
    public String library() {
        return cudart.library();
    }

    /**
     * {@code cudaRuntimeGetVersion}.
     *
     * @return e.g. 13000 for CUDA 13.0
     */
    public int runtimeVersion() {
        return readInt("cudaRuntimeGetVersion", cudart::runtimeGetVersion);
    }

    /**
     * {@code cudaDriverGetVersion}.
     *
     * @return the driver's CUDA version, 0 if no driver is installed
     */
    public int driverVersion() {
        return readInt("cudaDriverGetVersion", cudart::driverGetVersion);
    }

    /**
     * {@code cudaGetDeviceCount}.
     *
     * @return number of devices
     * @throws CudaException e.g. {@code cudaErrorInsufficientDriver} (35) without a driver
     */
    public int deviceCount() {
        return readInt("cudaGetDeviceCount", cudart::getDeviceCount);
    }

    /**
     * {@code cudaDeviceGetAttribute}.
     *
     * @param device    device ordinal
     * @param attribute the attribute
     * @return its value
     */
    public int attribute(int device, DeviceAttribute attribute) {
        return readInt("cudaDeviceGetAttribute", out -> cudart.deviceGetAttribute(out, attribute.value(), device));
    }

    /**
     * {@code cudaMemGetInfo} of the current device.
     *
     * @return {@code [free, total]} bytes
     */
    public long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cudaMemGetInfo", cudart.memGetInfo(free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    /**
     * {@code cudaSetDevice}.
     *
     * @param device ordinal
     */
    public void setDevice(int device) {
        check("cudaSetDevice", cudart.setDevice(device));
    }

    /**
     * {@code cudaDeviceSynchronize}.
     */
    public void synchronize() {
        check("cudaDeviceSynchronize", cudart.deviceSynchronize());
    }

    /**
     * Allocates device memory ({@code cudaMalloc}).
     *
     * @param bytes size
     * @return the buffer; close it to {@code cudaFree}
     */
    public DeviceBuffer allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cudaMalloc", cudart.malloc(out, bytes));
            return new DeviceBuffer(this, out.get(ADDRESS, 0), bytes);
        }
    }

    /**
     * Creates a stream ({@code cudaStreamCreate}).
     *
     * @return the stream; close it to destroy
     */
    public CudaStream createStream() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cudaStreamCreate", cudart.streamCreate(out));
            return new CudaStream(this, out.get(ADDRESS, 0));
        }
    }

    /**
     * {@code cudaGetErrorName}.
     *
     * @param code a {@code cudaError_t}
     * @return e.g. {@code cudaErrorInsufficientDriver}
     */
    public String errorName(int code) {
        return cudart.errorName(code);
    }

    Cudart cudart() {
        return cudart;
    }

    void check(String call, int rc) {
        if (rc != Cudart.SUCCESS) {
            throw new CudaException(call, rc, cudart.errorName(rc), cudart.errorString(rc));
        }
    }

    @FunctionalInterface
    private interface IntCall {
        int call(MemorySegment out);
    }

    private int readInt(String name, IntCall call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(name, call.call(out));
            return out.get(JAVA_INT, 0);
        }
    }

    @Override
    public String toString() {
        return "CudaRuntime[" + cudart.library() + "]";
    }
}
