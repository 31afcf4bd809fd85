package io.streamcream.nativebindings.ort.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.internal.CStrings;
import io.streamcream.nativebindings.internal.NativeInvoke;

/**
 * {@code OrtGetApiBase()} and the two-pointer struct it returns:
 * {@code struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }}.
 */
public final class OrtApiBase {
    /** Byte offset of {@code GetApi} inside {@code OrtApiBase}. */
    static final long GET_API_OFFSET = 0;
    /** Byte offset of {@code GetVersionString} inside {@code OrtApiBase}. */
    static final long GET_VERSION_STRING_OFFSET = ADDRESS.byteSize();

    private static final Linker LINKER = Linker.nativeLinker();
    /** {@code const OrtApiBase* OrtGetApiBase(void)}. */
    private static final FunctionDescriptor GET_API_BASE = FunctionDescriptor.of(ADDRESS);
    /** {@code const OrtApi* GetApi(uint32_t version)}. */
    private static final MethodHandle GET_API = LINKER.downcallHandle(FunctionDescriptor.of(ADDRESS, JAVA_INT));
    /** {@code const char* GetVersionString(void)}. */
    private static final MethodHandle GET_VERSION_STRING = LINKER.downcallHandle(FunctionDescriptor.of(ADDRESS));

    private final MemorySegment getApi;
    private final MemorySegment getVersionString;

    private OrtApiBase(MemorySegment base) {
        MemorySegment struct = base.reinterpret(2 * ADDRESS.byteSize());
        this.getApi = struct.get(ADDRESS, GET_API_OFFSET);
        this.getVersionString = struct.get(ADDRESS, GET_VERSION_STRING_OFFSET);
    }

    /**
     * Calls {@code OrtGetApiBase} in the given library.
     *
     * @param library lookup of a loaded {@code libonnxruntime}
     * @param where   description of the library for error messages
     * @return the API base
     */
    public static OrtApiBase of(SymbolLookup library, String where) {
        MemorySegment symbol = library.find("OrtGetApiBase")
                .orElseThrow(() -> new NativeLibraryException(where + " does not export OrtGetApiBase: not an ONNX Runtime library"));
        try {
            MemorySegment base = (MemorySegment) LINKER.downcallHandle(symbol, GET_API_BASE).invokeExact();
            if (base.address() == 0) {
                throw new NativeLibraryException("OrtGetApiBase() returned NULL in " + where);
            }
            return new OrtApiBase(base);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code GetApi(version)}.
     *
     * @param version the requested {@code ORT_API_VERSION}
     * @return the {@code OrtApi*}, or a NULL segment if the library is older than {@code version}
     */
    public MemorySegment getApi(int version) {
        try {
            return (MemorySegment) GET_API.invokeExact(getApi, version);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code GetVersionString()}.
     *
     * @return the runtime version, for example {@code 1.29.0}
     */
    public String versionString() {
        try {
            return CStrings.read((MemorySegment) GET_VERSION_STRING.invokeExact(getVersionString));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }
}
