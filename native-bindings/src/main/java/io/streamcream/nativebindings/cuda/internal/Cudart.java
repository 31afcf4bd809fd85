package io.streamcream.nativebindings.cuda.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.internal.CStrings;
import io.streamcream.nativebindings.internal.NativeInvoke;

/**
 * The CUDA runtime functions used, bound by symbol. Every function returns {@code cudaError_t} ({@code int}, 0 =
 * success); the wrappers return that code and leave interpretation to the caller. Only plain int/pointer signatures
 * are used ({@code cudaDeviceGetAttribute} instead of the version-dependent {@code cudaDeviceProp}).
 */
public final class Cudart {
    /** {@code cudaSuccess}. */
    public static final int SUCCESS = 0;
    /** {@code cudaErrorInsufficientDriver}: no driver, or one older than the runtime. */
    public static final int ERROR_INSUFFICIENT_DRIVER = 35;
    /** {@code cudaErrorNoDevice}. */
    public static final int ERROR_NO_DEVICE = 100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout SIZE_T = LINKER.canonicalLayouts().get("size_t");

    private final String library;
    private final MethodHandle getDeviceCount;
    private final MethodHandle runtimeGetVersion;
    private final MethodHandle driverGetVersion;
    private final MethodHandle getErrorName;
    private final MethodHandle getErrorString;
    private final MethodHandle deviceGetAttribute;
    private final MethodHandle setDevice;
    private final MethodHandle deviceSynchronize;
    private final MethodHandle memGetInfo;
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle memcpy;
    private final MethodHandle memcpyAsync;
    private final MethodHandle memset;
    private final MethodHandle streamCreate;
    private final MethodHandle streamSynchronize;
    private final MethodHandle streamDestroy;

    /**
     * Binds the functions in a loaded {@code libcudart}.
     *
     * @param lookup  the library
     * @param library its path or name, for messages
     * @throws NativeLibraryException if a function is missing
     */
    public Cudart(SymbolLookup lookup, String library) {
        this.library = library;
        this.getDeviceCount = bind(lookup, "cudaGetDeviceCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.runtimeGetVersion = bind(lookup, "cudaRuntimeGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.driverGetVersion = bind(lookup, "cudaDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.getErrorName = bind(lookup, "cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        this.getErrorString = bind(lookup, "cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        this.deviceGetAttribute = bind(lookup, "cudaDeviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        this.setDevice = bind(lookup, "cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        this.deviceSynchronize = bind(lookup, "cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT));
        this.memGetInfo = bind(lookup, "cudaMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        this.malloc = bind(lookup, "cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T));
        this.free = bind(lookup, "cudaFree", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.memcpy = bind(lookup, "cudaMemcpy", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, JAVA_INT));
        this.memcpyAsync = bind(lookup, "cudaMemcpyAsync",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
        this.memset = bind(lookup, "cudaMemset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, SIZE_T));
        this.streamCreate = bind(lookup, "cudaStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.streamSynchronize = bind(lookup, "cudaStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.streamDestroy = bind(lookup, "cudaStreamDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() ->
                new NativeLibraryException("CUDA runtime library does not export " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /**
     * The library path or name.
     *
     * @return the library
     */
    public String library() {
        return library;
    }

    /**
     * {@code cudaGetDeviceCount(int*)}. On error the count is left unwritten: initialise it.
     *
     * @param count out
     * @return error code
     */
    public int getDeviceCount(MemorySegment count) {
        return callInt(getDeviceCount, count);
    }

    /**
     * {@code cudaRuntimeGetVersion(int*)}.
     *
     * @param version out, e.g. 13000
     * @return error code
     */
    public int runtimeGetVersion(MemorySegment version) {
        return callInt(runtimeGetVersion, version);
    }

    /**
     * {@code cudaDriverGetVersion(int*)}; 0 without a driver.
     *
     * @param version out
     * @return error code
     */
    public int driverGetVersion(MemorySegment version) {
        return callInt(driverGetVersion, version);
    }

    /**
     * {@code cudaGetErrorName(cudaError_t)}.
     *
     * @param error code
     * @return for example {@code cudaErrorInsufficientDriver}
     */
    public String errorName(int error) {
        try {
            return CStrings.read((MemorySegment) getErrorName.invokeExact(error));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaGetErrorString(cudaError_t)}.
     *
     * @param error code
     * @return the description
     */
    public String errorString(int error) {
        try {
            return CStrings.read((MemorySegment) getErrorString.invokeExact(error));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaDeviceGetAttribute(int*, cudaDeviceAttr, int device)}.
     *
     * @param value     out
     * @param attribute attribute number
     * @param device    device ordinal
     * @return error code
     */
    public int deviceGetAttribute(MemorySegment value, int attribute, int device) {
        try {
            return (int) deviceGetAttribute.invokeExact(value, attribute, device);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaSetDevice(int)}.
     *
     * @param device ordinal
     * @return error code
     */
    public int setDevice(int device) {
        try {
            return (int) setDevice.invokeExact(device);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaDeviceSynchronize()}.
     *
     * @return error code
     */
    public int deviceSynchronize() {
        try {
            return (int) deviceSynchronize.invokeExact();
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaMemGetInfo(size_t* free, size_t* total)} of the current device.
     *
     * @param free  out
     * @param total out
     * @return error code
     */
    public int memGetInfo(MemorySegment free, MemorySegment total) {
        try {
            return (int) memGetInfo.invokeExact(free, total);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaMalloc(void**, size_t)}.
     *
     * @param pointer out
     * @param bytes   size
     * @return error code
     */
    public int malloc(MemorySegment pointer, long bytes) {
        try {
            return (int) malloc.invokeExact(pointer, bytes);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaFree(void*)}.
     *
     * @param pointer device pointer
     * @return error code
     */
    public int free(MemorySegment pointer) {
        return callInt(free, pointer);
    }

    /**
     * {@code cudaMemcpy(dst, src, size_t, cudaMemcpyKind)}.
     *
     * @param dst   destination
     * @param src   source
     * @param bytes count
     * @param kind  {@code cudaMemcpyKind}
     * @return error code
     */
    public int memcpy(MemorySegment dst, MemorySegment src, long bytes, int kind) {
        try {
            return (int) memcpy.invokeExact(dst, src, bytes, kind);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaMemcpyAsync(dst, src, size_t, cudaMemcpyKind, cudaStream_t)}.
     *
     * @param dst    destination
     * @param src    source
     * @param bytes  count
     * @param kind   {@code cudaMemcpyKind}
     * @param stream stream
     * @return error code
     */
    public int memcpyAsync(MemorySegment dst, MemorySegment src, long bytes, int kind, MemorySegment stream) {
        try {
            return (int) memcpyAsync.invokeExact(dst, src, bytes, kind, stream);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaMemset(void*, int, size_t)}.
     *
     * @param pointer device pointer
     * @param value   byte value
     * @param bytes   count
     * @return error code
     */
    public int memset(MemorySegment pointer, int value, long bytes) {
        try {
            return (int) memset.invokeExact(pointer, value, bytes);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code cudaStreamCreate(cudaStream_t*)}.
     *
     * @param stream out
     * @return error code
     */
    public int streamCreate(MemorySegment stream) {
        return callInt(streamCreate, stream);
    }

    /**
     * {@code cudaStreamSynchronize(cudaStream_t)}.
     *
     * @param stream the stream
     * @return error code
     */
    public int streamSynchronize(MemorySegment stream) {
        return callInt(streamSynchronize, stream);
    }

    /**
     * {@code cudaStreamDestroy(cudaStream_t)}.
     *
     * @param stream the stream
     * @return error code
     */
    public int streamDestroy(MemorySegment stream) {
        return callInt(streamDestroy, stream);
    }

    private static int callInt(MethodHandle handle, MemorySegment argument) {
        try {
            return (int) handle.invokeExact(argument);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }
}
