package io.streamcream.nativebindings.ort.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import io.streamcream.nativebindings.NativeLibraryException;
import io.streamcream.nativebindings.internal.CStrings;
import io.streamcream.nativebindings.internal.NativeInvoke;
import io.streamcream.nativebindings.ort.OrtErrorCode;
import io.streamcream.nativebindings.ort.OrtException;

/**
 * The {@code OrtApi} function table of {@code ORT_API_VERSION} 29, bound by hand in jextract's shape.
 * <p>
 * Each used function has a slot constant (its index in {@code struct OrtApi}; the struct only grows at the end, so
 * indices never change), an address-less downcall handle with its FFM descriptor, and a thin wrapper. Every function
 * that returns {@code OrtStatus*} goes through {@link #check(MemorySegment)}, the one place where a status becomes an
 * {@link OrtException}. {@code size_t} is {@code JAVA_LONG} (LP64), C enums are {@code JAVA_INT}.
 */
public final class OrtApi {
    // ---- slot indices (struct OrtApi, ORT_API_VERSION 29) ----
    /** {@code OrtErrorCode GetErrorCode(const OrtStatus*)}. */
    public static final int GET_ERROR_CODE = 1;
    /** {@code const char* GetErrorMessage(const OrtStatus*)}. */
    public static final int GET_ERROR_MESSAGE = 2;
    /** {@code OrtStatus* CreateEnv(OrtLoggingLevel, const char* logid, OrtEnv** out)}. */
    public static final int CREATE_ENV = 3;
    /** {@code OrtStatus* CreateSession(const OrtEnv*, const ORTCHAR_T* path, const OrtSessionOptions*, OrtSession**)}. */
    public static final int CREATE_SESSION = 7;
    /** {@code OrtStatus* CreateSessionFromArray(const OrtEnv*, const void*, size_t, const OrtSessionOptions*, OrtSession**)}. */
    public static final int CREATE_SESSION_FROM_ARRAY = 8;
    /** {@code OrtStatus* Run(OrtSession*, const OrtRunOptions*, names, const OrtValue* const*, size_t, names, size_t, OrtValue**)}. */
    public static final int RUN = 9;
    /** {@code OrtStatus* CreateSessionOptions(OrtSessionOptions** out)}. */
    public static final int CREATE_SESSION_OPTIONS = 10;
    /** {@code OrtStatus* SetSessionExecutionMode(OrtSessionOptions*, ExecutionMode)}. */
    public static final int SET_SESSION_EXECUTION_MODE = 13;
    /** {@code OrtStatus* SetSessionGraphOptimizationLevel(OrtSessionOptions*, GraphOptimizationLevel)}. */
    public static final int SET_SESSION_GRAPH_OPTIMIZATION_LEVEL = 23;
    /** {@code OrtStatus* SetIntraOpNumThreads(OrtSessionOptions*, int)}. */
    public static final int SET_INTRA_OP_NUM_THREADS = 24;
    /** {@code OrtStatus* SetInterOpNumThreads(OrtSessionOptions*, int)}. */
    public static final int SET_INTER_OP_NUM_THREADS = 25;
    /** {@code OrtStatus* SessionGetInputCount(const OrtSession*, size_t* out)}. */
    public static final int SESSION_GET_INPUT_COUNT = 30;
    /** {@code OrtStatus* SessionGetOutputCount(const OrtSession*, size_t* out)}. */
    public static final int SESSION_GET_OUTPUT_COUNT = 31;
    /** {@code OrtStatus* SessionGetInputTypeInfo(const OrtSession*, size_t, OrtTypeInfo** out)}. */
    public static final int SESSION_GET_INPUT_TYPE_INFO = 33;
    /** {@code OrtStatus* SessionGetOutputTypeInfo(const OrtSession*, size_t, OrtTypeInfo** out)}. */
    public static final int SESSION_GET_OUTPUT_TYPE_INFO = 34;
    /** {@code OrtStatus* SessionGetInputName(const OrtSession*, size_t, OrtAllocator*, char** out)}. */
    public static final int SESSION_GET_INPUT_NAME = 36;
    /** {@code OrtStatus* SessionGetOutputName(const OrtSession*, size_t, OrtAllocator*, char** out)}. */
    public static final int SESSION_GET_OUTPUT_NAME = 37;
    /** {@code OrtStatus* CreateRunOptions(OrtRunOptions** out)}. */
    public static final int CREATE_RUN_OPTIONS = 39;
    /** {@code OrtStatus* RunOptionsSetRunLogSeverityLevel(OrtRunOptions*, int)}. */
    public static final int RUN_OPTIONS_SET_RUN_LOG_SEVERITY_LEVEL = 41;
    /** {@code OrtStatus* RunOptionsSetRunTag(OrtRunOptions*, const char*)}. */
    public static final int RUN_OPTIONS_SET_RUN_TAG = 42;
    /** {@code OrtStatus* RunOptionsGetRunTag(const OrtRunOptions*, const char** out)}. */
    public static final int RUN_OPTIONS_GET_RUN_TAG = 45;
    /** {@code OrtStatus* RunOptionsSetTerminate(OrtRunOptions*)}. */
    public static final int RUN_OPTIONS_SET_TERMINATE = 46;
    /** {@code OrtStatus* RunOptionsUnsetTerminate(OrtRunOptions*)}. */
    public static final int RUN_OPTIONS_UNSET_TERMINATE = 47;
    /** {@code OrtStatus* CreateTensorAsOrtValue(OrtAllocator*, const int64_t* shape, size_t, type, OrtValue** out)}. */
    public static final int CREATE_TENSOR_AS_ORT_VALUE = 48;
    /** {@code OrtStatus* CreateTensorWithDataAsOrtValue(const OrtMemoryInfo*, void*, size_t bytes, const int64_t*, size_t, type, OrtValue**)}. */
    public static final int CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE = 49;
    /** {@code OrtStatus* IsTensor(const OrtValue*, int* out)}. */
    public static final int IS_TENSOR = 50;
    /** {@code OrtStatus* GetTensorMutableData(OrtValue*, void** out)}. */
    public static final int GET_TENSOR_MUTABLE_DATA = 51;
    /** {@code OrtStatus* CastTypeInfoToTensorInfo(const OrtTypeInfo*, const OrtTensorTypeAndShapeInfo** out)}. */
    public static final int CAST_TYPE_INFO_TO_TENSOR_INFO = 55;
    /** {@code OrtStatus* GetOnnxTypeFromTypeInfo(const OrtTypeInfo*, ONNXType* out)}. */
    public static final int GET_ONNX_TYPE_FROM_TYPE_INFO = 56;
    /** {@code OrtStatus* GetTensorElementType(const OrtTensorTypeAndShapeInfo*, ONNXTensorElementDataType* out)}. */
    public static final int GET_TENSOR_ELEMENT_TYPE = 60;
    /** {@code OrtStatus* GetDimensionsCount(const OrtTensorTypeAndShapeInfo*, size_t* out)}. */
    public static final int GET_DIMENSIONS_COUNT = 61;
    /** {@code OrtStatus* GetDimensions(const OrtTensorTypeAndShapeInfo*, int64_t* dims, size_t n)}. */
    public static final int GET_DIMENSIONS = 62;
    /** {@code OrtStatus* GetSymbolicDimensions(const OrtTensorTypeAndShapeInfo*, const char** dims, size_t n)}. */
    public static final int GET_SYMBOLIC_DIMENSIONS = 63;
    /** {@code OrtStatus* GetTensorShapeElementCount(const OrtTensorTypeAndShapeInfo*, size_t* out)}. */
    public static final int GET_TENSOR_SHAPE_ELEMENT_COUNT = 64;
    /** {@code OrtStatus* GetTensorTypeAndShape(const OrtValue*, OrtTensorTypeAndShapeInfo** out)}. */
    public static final int GET_TENSOR_TYPE_AND_SHAPE = 65;
    /** {@code OrtStatus* CreateMemoryInfo(const char* name, OrtAllocatorType, int id, OrtMemType, OrtMemoryInfo** out)}. */
    public static final int CREATE_MEMORY_INFO = 68;
    /** {@code OrtStatus* CreateCpuMemoryInfo(OrtAllocatorType, OrtMemType, OrtMemoryInfo** out)}. */
    public static final int CREATE_CPU_MEMORY_INFO = 69;
    /** {@code OrtStatus* MemoryInfoGetName(const OrtMemoryInfo*, const char** out)}. */
    public static final int MEMORY_INFO_GET_NAME = 71;
    /** {@code OrtStatus* MemoryInfoGetId(const OrtMemoryInfo*, int* out)}. */
    public static final int MEMORY_INFO_GET_ID = 72;
    /** {@code OrtStatus* MemoryInfoGetMemType(const OrtMemoryInfo*, OrtMemType* out)}. */
    public static final int MEMORY_INFO_GET_MEM_TYPE = 73;
    /** {@code OrtStatus* MemoryInfoGetType(const OrtMemoryInfo*, OrtAllocatorType* out)}. */
    public static final int MEMORY_INFO_GET_TYPE = 74;
    /** {@code OrtStatus* AllocatorFree(OrtAllocator*, void*)}. */
    public static final int ALLOCATOR_FREE = 76;
    /** {@code OrtStatus* GetAllocatorWithDefaultOptions(OrtAllocator** out)}. */
    public static final int GET_ALLOCATOR_WITH_DEFAULT_OPTIONS = 78;
    /** {@code void ReleaseEnv(OrtEnv*)}. */
    public static final int RELEASE_ENV = 92;
    /** {@code void ReleaseStatus(OrtStatus*)}. */
    public static final int RELEASE_STATUS = 93;
    /** {@code void ReleaseMemoryInfo(OrtMemoryInfo*)}. */
    public static final int RELEASE_MEMORY_INFO = 94;
    /** {@code void ReleaseSession(OrtSession*)}. */
    public static final int RELEASE_SESSION = 95;
    /** {@code void ReleaseValue(OrtValue*)}. */
    public static final int RELEASE_VALUE = 96;
    /** {@code void ReleaseRunOptions(OrtRunOptions*)}. */
    public static final int RELEASE_RUN_OPTIONS = 97;
    /** {@code void ReleaseTypeInfo(OrtTypeInfo*)}. */
    public static final int RELEASE_TYPE_INFO = 98;
    /** {@code void ReleaseTensorTypeAndShapeInfo(OrtTensorTypeAndShapeInfo*)}. */
    public static final int RELEASE_TENSOR_TYPE_AND_SHAPE_INFO = 99;
    /** {@code void ReleaseSessionOptions(OrtSessionOptions*)}. */
    public static final int RELEASE_SESSION_OPTIONS = 100;
    /** {@code OrtStatus* SessionGetModelMetadata(const OrtSession*, OrtModelMetadata** out)}. */
    public static final int SESSION_GET_MODEL_METADATA = 111;
    /** {@code OrtStatus* ModelMetadataGetProducerName(const OrtModelMetadata*, OrtAllocator*, char** out)}. */
    public static final int MODEL_METADATA_GET_PRODUCER_NAME = 112;
    /** {@code OrtStatus* ModelMetadataGetGraphName(const OrtModelMetadata*, OrtAllocator*, char** out)}. */
    public static final int MODEL_METADATA_GET_GRAPH_NAME = 113;
    /** {@code OrtStatus* ModelMetadataGetDomain(const OrtModelMetadata*, OrtAllocator*, char** out)}. */
    public static final int MODEL_METADATA_GET_DOMAIN = 114;
    /** {@code OrtStatus* ModelMetadataGetDescription(const OrtModelMetadata*, OrtAllocator*, char** out)}. */
    public static final int MODEL_METADATA_GET_DESCRIPTION = 115;
    /** {@code OrtStatus* ModelMetadataLookupCustomMetadataMap(const OrtModelMetadata*, OrtAllocator*, const char* key, char** out)}. */
    public static final int MODEL_METADATA_LOOKUP_CUSTOM_METADATA_MAP = 116;
    /** {@code OrtStatus* ModelMetadataGetVersion(const OrtModelMetadata*, int64_t* out)}. */
    public static final int MODEL_METADATA_GET_VERSION = 117;
    /** {@code void ReleaseModelMetadata(OrtModelMetadata*)}. */
    public static final int RELEASE_MODEL_METADATA = 118;
    /** {@code OrtStatus* GetAvailableProviders(char*** out, int* length)}. */
    public static final int GET_AVAILABLE_PROVIDERS = 125;
    /** {@code OrtStatus* ReleaseAvailableProviders(char** ptr, int length)}. */
    public static final int RELEASE_AVAILABLE_PROVIDERS = 126;
    /** {@code OrtStatus* AddSessionConfigEntry(OrtSessionOptions*, const char* key, const char* value)}. */
    public static final int ADD_SESSION_CONFIG_ENTRY = 130;
    /** {@code OrtStatus* RunWithBinding(OrtSession*, const OrtRunOptions*, const OrtIoBinding*)}. */
    public static final int RUN_WITH_BINDING = 133;
    /** {@code OrtStatus* CreateIoBinding(OrtSession*, OrtIoBinding** out)}. */
    public static final int CREATE_IO_BINDING = 134;
    /** {@code void ReleaseIoBinding(OrtIoBinding*)}. */
    public static final int RELEASE_IO_BINDING = 135;
    /** {@code OrtStatus* BindInput(OrtIoBinding*, const char* name, const OrtValue*)}. */
    public static final int BIND_INPUT = 136;
    /** {@code OrtStatus* BindOutput(OrtIoBinding*, const char* name, const OrtValue*)}. */
    public static final int BIND_OUTPUT = 137;
    /** {@code OrtStatus* BindOutputToDevice(OrtIoBinding*, const char* name, const OrtMemoryInfo*)}. */
    public static final int BIND_OUTPUT_TO_DEVICE = 138;
    /** {@code OrtStatus* GetBoundOutputNames(const OrtIoBinding*, OrtAllocator*, char** buffer, size_t** lengths, size_t* count)}. */
    public static final int GET_BOUND_OUTPUT_NAMES = 139;
    /** {@code OrtStatus* GetBoundOutputValues(const OrtIoBinding*, OrtAllocator*, OrtValue*** out, size_t* count)}. */
    public static final int GET_BOUND_OUTPUT_VALUES = 140;
    /** {@code void ClearBoundInputs(OrtIoBinding*)}. */
    public static final int CLEAR_BOUND_INPUTS = 141;
    /** {@code void ClearBoundOutputs(OrtIoBinding*)}. */
    public static final int CLEAR_BOUND_OUTPUTS = 142;
    /** {@code OrtStatus* SessionOptionsAppendExecutionProvider_CUDA_V2(OrtSessionOptions*, const OrtCUDAProviderOptionsV2*)}. */
    public static final int SESSION_OPTIONS_APPEND_EXECUTION_PROVIDER_CUDA_V2 = 204;
    /** {@code OrtStatus* CreateCUDAProviderOptions(OrtCUDAProviderOptionsV2** out)}. */
    public static final int CREATE_CUDA_PROVIDER_OPTIONS = 205;
    /** {@code OrtStatus* UpdateCUDAProviderOptions(OrtCUDAProviderOptionsV2*, const char* const* keys, const char* const* values, size_t n)}. */
    public static final int UPDATE_CUDA_PROVIDER_OPTIONS = 206;
    /** {@code void ReleaseCUDAProviderOptions(OrtCUDAProviderOptionsV2*)}. */
    public static final int RELEASE_CUDA_PROVIDER_OPTIONS = 208;
    /** {@code OrtStatus* SessionOptionsAppendExecutionProvider(OrtSessionOptions*, const char* name, keys, values, size_t n)}. */
    public static final int SESSION_OPTIONS_APPEND_EXECUTION_PROVIDER = 216;
    /** {@code const char* GetBuildInfoString(void)}. */
    public static final int GET_BUILD_INFO_STRING = 254;

    /** Highest slot used; the table is read up to here. The v29 table has 425 slots. */
    static final int MAX_SLOT = GET_BUILD_INFO_STRING;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout SIZE_T = Linker.nativeLinker().canonicalLayouts().get("size_t");
    private static final FunctionDescriptor STATUS_A = FunctionDescriptor.of(ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_AA = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_AAA = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_AAAA = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_AI = FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor STATUS_ASA = FunctionDescriptor.of(ADDRESS, ADDRESS, SIZE_T, ADDRESS);
    private static final FunctionDescriptor STATUS_ASAA = FunctionDescriptor.of(ADDRESS, ADDRESS, SIZE_T, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_AAS = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, SIZE_T);
    private static final FunctionDescriptor VOID_A = FunctionDescriptor.ofVoid(ADDRESS);

    private static final MethodHandle GET_ERROR_CODE$MH = handle(FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GET_ERROR_MESSAGE$MH = handle(FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle CREATE_ENV$MH = handle(FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CREATE_SESSION$MH = handle(STATUS_AAAA);
    private static final MethodHandle CREATE_SESSION_FROM_ARRAY$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, SIZE_T, ADDRESS, ADDRESS));
    // Run returns its OrtStatus* as a 64-bit integer (the same register on LP64): no MemorySegment is
    // allocated for the (almost always null) status on the hot path of every inference.
    private static final MethodHandle RUN$MH = handle(FunctionDescriptor.of(JAVA_LONG,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS));
    private static final MethodHandle STATUS_A$MH = handle(STATUS_A);
    private static final MethodHandle STATUS_AA$MH = handle(STATUS_AA);
    private static final MethodHandle STATUS_AAA$MH = handle(STATUS_AAA);
    private static final MethodHandle STATUS_AAAA$MH = handle(STATUS_AAAA);
    private static final MethodHandle STATUS_AI$MH = handle(STATUS_AI);
    private static final MethodHandle STATUS_ASA$MH = handle(STATUS_ASA);
    private static final MethodHandle STATUS_ASAA$MH = handle(STATUS_ASAA);
    private static final MethodHandle STATUS_AAS$MH = handle(STATUS_AAS);
    private static final MethodHandle VOID_A$MH = handle(VOID_A);
    private static final MethodHandle CREATE_TENSOR_AS_ORT_VALUE$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
    private static final MethodHandle CREATE_TENSOR_WITH_DATA$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
    private static final MethodHandle CREATE_MEMORY_INFO$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CREATE_CPU_MEMORY_INFO$MH = handle(FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle UPDATE_CUDA_PROVIDER_OPTIONS$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, SIZE_T));
    private static final MethodHandle APPEND_EXECUTION_PROVIDER$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, SIZE_T));
    private static final MethodHandle GET_BOUND_OUTPUT_NAMES$MH = handle(
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle GET_BUILD_INFO_STRING$MH = handle(FunctionDescriptor.of(ADDRESS));

    private final MemorySegment[] fn = new MemorySegment[MAX_SLOT + 1];
    private final MemorySegment defaultAllocator;

    private OrtApi(MemorySegment table) {
        MemorySegment slots = table.reinterpret((MAX_SLOT + 1) * ADDRESS.byteSize());
        for (int slot = 0; slot <= MAX_SLOT; slot++) {
            fn[slot] = slots.getAtIndex(ADDRESS, slot);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(invokeStatus(STATUS_A$MH, GET_ALLOCATOR_WITH_DEFAULT_OPTIONS, out));
            this.defaultAllocator = out.get(ADDRESS, 0);
        }
    }

    /**
     * Binds the table returned by {@code GetApi(}{@link OrtVersion#API_VERSION}{@code )}.
     *
     * @param base    the library's API base
     * @param where   the library path, for messages
     * @return the bound table
     * @throws NativeLibraryException if the library is older than {@link OrtVersion#MINIMUM}
     */
    public static OrtApi bind(OrtApiBase base, String where) {
        String version = base.versionString();
        OrtVersion.requireSupported(version, where);
        MemorySegment table = base.getApi(OrtVersion.API_VERSION);
        if (table.address() == 0) {
            throw OrtVersion.tooOld(version, where);
        }
        return new OrtApi(table);
    }

    private static MethodHandle handle(FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(descriptor);
    }

    /**
     * The function pointer in a slot (for tests that check the table is populated).
     *
     * @param slot slot index, at most {@link #MAX_SLOT}
     * @return the function address
     */
    public MemorySegment function(int slot) {
        return fn[slot];
    }

    /**
     * ORT's default CPU allocator (owned by ORT, never released).
     *
     * @return {@code OrtAllocator*}
     */
    public MemorySegment defaultAllocator() {
        return defaultAllocator;
    }

    // ---- the one status check ----

    /**
     * Turns a non-NULL {@code OrtStatus*} into an {@link OrtException}; NULL means success and costs one comparison.
     * The message is copied before the status is released exactly once.
     *
     * @param status what an {@code ORT_API2_STATUS} function returned
     * @throws OrtException carrying ORT's error code and message
     */
    public void check(MemorySegment status) {
        if (status.address() == 0) {
            return;
        }
        int code;
        String message;
        try {
            code = (int) GET_ERROR_CODE$MH.invokeExact(fn[GET_ERROR_CODE], status);
            message = CStrings.read((MemorySegment) GET_ERROR_MESSAGE$MH.invokeExact(fn[GET_ERROR_MESSAGE], status));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        } finally {
            release(RELEASE_STATUS, status);
        }
        throw new OrtException(OrtErrorCode.of(code), message);
    }

    // ---- generic invokers for the common descriptor shapes ----

    private MemorySegment invokeStatus(MethodHandle mh, int slot, MemorySegment a) {
        try {
            return (MemorySegment) mh.invokeExact(fn[slot], a);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls a {@code void ReleaseX(X*)} slot; NULL pointers are ignored.
     *
     * @param slot    one of the {@code RELEASE_*} slots
     * @param pointer the object to release
     */
    public void release(int slot, MemorySegment pointer) {
        if (pointer.address() == 0) {
            return;
        }
        try {
            VOID_A$MH.invokeExact(fn[slot], pointer);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls a constructor-like slot {@code OrtStatus* F(X** out)} and returns {@code *out}.
     *
     * @param slot the slot
     * @return the created pointer
     */
    public MemorySegment create(int slot) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(invokeStatus(STATUS_A$MH, slot, out));
            return out.get(ADDRESS, 0);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*)}.
     *
     * @param slot the slot
     * @param a    the argument
     */
    public void call(int slot, MemorySegment a) {
        check(invokeStatus(STATUS_A$MH, slot, a));
    }

    /**
     * Calls {@code OrtStatus* F(X*, Y*)}.
     *
     * @param slot the slot
     * @param a    first argument
     * @param b    second argument
     */
    public void call(int slot, MemorySegment a, MemorySegment b) {
        try {
            check((MemorySegment) STATUS_AA$MH.invokeExact(fn[slot], a, b));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*, Y*, Z*)}.
     *
     * @param slot the slot
     * @param a    first argument
     * @param b    second argument
     * @param c    third argument
     */
    public void call(int slot, MemorySegment a, MemorySegment b, MemorySegment c) {
        try {
            check((MemorySegment) STATUS_AAA$MH.invokeExact(fn[slot], a, b, c));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*, W*, Y*, Z*)}.
     *
     * @param slot the slot
     * @param a    first argument
     * @param b    second argument
     * @param c    third argument
     * @param d    fourth argument
     */
    public void call(int slot, MemorySegment a, MemorySegment b, MemorySegment c, MemorySegment d) {
        try {
            check((MemorySegment) STATUS_AAAA$MH.invokeExact(fn[slot], a, b, c, d));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*, int)} (thread counts, levels, enums).
     *
     * @param slot  the slot
     * @param a     the object
     * @param value the int or enum value
     */
    public void callInt(int slot, MemorySegment a, int value) {
        try {
            check((MemorySegment) STATUS_AI$MH.invokeExact(fn[slot], a, value));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*, size_t, Y*)}.
     *
     * @param slot  the slot
     * @param a     the object
     * @param index the index
     * @param out   the out pointer
     */
    public void callIndexed(int slot, MemorySegment a, long index, MemorySegment out) {
        try {
            check((MemorySegment) STATUS_ASA$MH.invokeExact(fn[slot], a, index, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*, size_t, OrtAllocator*, Y*)}.
     *
     * @param slot      the slot
     * @param a         the object
     * @param index     the index
     * @param allocator the allocator
     * @param out       the out pointer
     */
    public void callIndexed(int slot, MemorySegment a, long index, MemorySegment allocator, MemorySegment out) {
        try {
            check((MemorySegment) STATUS_ASAA$MH.invokeExact(fn[slot], a, index, allocator, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * Calls {@code OrtStatus* F(X*, Y*, size_t)}.
     *
     * @param slot  the slot
     * @param a     the object
     * @param array the array
     * @param n     its length
     */
    public void callArray(int slot, MemorySegment a, MemorySegment array, long n) {
        try {
            check((MemorySegment) STATUS_AAS$MH.invokeExact(fn[slot], a, array, n));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    // ---- functions with their own shapes ----

    /**
     * {@code CreateEnv}.
     *
     * @param loggingLevel {@code OrtLoggingLevel}
     * @param logId        NUL-terminated log id
     * @param out          {@code OrtEnv**}
     */
    public void createEnv(int loggingLevel, MemorySegment logId, MemorySegment out) {
        try {
            check((MemorySegment) CREATE_ENV$MH.invokeExact(fn[CREATE_ENV], loggingLevel, logId, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code CreateSession} from a file path ({@code ORTCHAR_T} is UTF-8 {@code char} on Linux and macOS).
     *
     * @param env     {@code OrtEnv*}
     * @param path    NUL-terminated path
     * @param options {@code OrtSessionOptions*}
     * @param out     {@code OrtSession**}
     */
    public void createSession(MemorySegment env, MemorySegment path, MemorySegment options, MemorySegment out) {
        try {
            check((MemorySegment) CREATE_SESSION$MH.invokeExact(fn[CREATE_SESSION], env, path, options, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code CreateSessionFromArray}.
     *
     * @param env     {@code OrtEnv*}
     * @param data    the model bytes
     * @param length  their length in bytes
     * @param options {@code OrtSessionOptions*}
     * @param out     {@code OrtSession**}
     */
    public void createSessionFromArray(MemorySegment env, MemorySegment data, long length, MemorySegment options,
                                       MemorySegment out) {
        try {
            check((MemorySegment) CREATE_SESSION_FROM_ARRAY$MH.invokeExact(fn[CREATE_SESSION_FROM_ARRAY],
                    env, data, length, options, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code Run}.
     *
     * @param session     {@code OrtSession*}
     * @param runOptions  {@code OrtRunOptions*} or NULL
     * @param inputNames  {@code const char* const*}
     * @param inputs      {@code const OrtValue* const*}
     * @param inputCount  number of inputs
     * @param outputNames {@code const char* const*}
     * @param outputCount number of outputs
     * @param outputs     {@code OrtValue**}: NULL entries are allocated by ORT, others are filled in place
     */
    public void run(MemorySegment session, MemorySegment runOptions, MemorySegment inputNames, MemorySegment inputs,
                    long inputCount, MemorySegment outputNames, long outputCount, MemorySegment outputs) {
        long status;
        try {
            status = (long) RUN$MH.invokeExact(fn[RUN], session, runOptions, inputNames, inputs, inputCount,
                    outputNames, outputCount, outputs);
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
        if (status != 0) {
            check(MemorySegment.ofAddress(status));
        }
    }

    /**
     * {@code CreateTensorAsOrtValue} (ORT allocates the data).
     *
     * @param allocator   {@code OrtAllocator*}
     * @param shape       {@code int64_t[]}
     * @param rank        number of dimensions
     * @param elementType {@code ONNXTensorElementDataType}
     * @param out         {@code OrtValue**}
     */
    public void createTensorAsOrtValue(MemorySegment allocator, MemorySegment shape, long rank, int elementType,
                                       MemorySegment out) {
        try {
            check((MemorySegment) CREATE_TENSOR_AS_ORT_VALUE$MH.invokeExact(fn[CREATE_TENSOR_AS_ORT_VALUE],
                    allocator, shape, rank, elementType, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code CreateTensorWithDataAsOrtValue}: the tensor shares {@code data}, which must outlive it.
     *
     * @param memoryInfo  {@code OrtMemoryInfo*} describing where {@code data} lives
     * @param data        the data
     * @param byteLength  its length in <em>bytes</em>
     * @param shape       {@code int64_t[]}
     * @param rank        number of dimensions
     * @param elementType {@code ONNXTensorElementDataType}
     * @param out         {@code OrtValue**}
     */
    public void createTensorWithData(MemorySegment memoryInfo, MemorySegment data, long byteLength, MemorySegment shape,
                                     long rank, int elementType, MemorySegment out) {
        try {
            check((MemorySegment) CREATE_TENSOR_WITH_DATA$MH.invokeExact(fn[CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE],
                    memoryInfo, data, byteLength, shape, rank, elementType, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code CreateMemoryInfo}.
     *
     * @param name          NUL-terminated allocator name ({@code "Cpu"}, {@code "Cuda"}, {@code "CudaPinned"})
     * @param allocatorType {@code OrtAllocatorType}
     * @param deviceId      device id
     * @param memType       {@code OrtMemType}
     * @param out           {@code OrtMemoryInfo**}
     */
    public void createMemoryInfo(MemorySegment name, int allocatorType, int deviceId, int memType, MemorySegment out) {
        try {
            check((MemorySegment) CREATE_MEMORY_INFO$MH.invokeExact(fn[CREATE_MEMORY_INFO],
                    name, allocatorType, deviceId, memType, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code CreateCpuMemoryInfo}.
     *
     * @param allocatorType {@code OrtAllocatorType}
     * @param memType       {@code OrtMemType}
     * @param out           {@code OrtMemoryInfo**}
     */
    public void createCpuMemoryInfo(int allocatorType, int memType, MemorySegment out) {
        try {
            check((MemorySegment) CREATE_CPU_MEMORY_INFO$MH.invokeExact(fn[CREATE_CPU_MEMORY_INFO],
                    allocatorType, memType, out));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code UpdateCUDAProviderOptions}.
     *
     * @param options {@code OrtCUDAProviderOptionsV2*}
     * @param keys    {@code const char* const*}
     * @param values  {@code const char* const*}
     * @param n       number of entries
     */
    public void updateCudaProviderOptions(MemorySegment options, MemorySegment keys, MemorySegment values, long n) {
        try {
            check((MemorySegment) UPDATE_CUDA_PROVIDER_OPTIONS$MH.invokeExact(fn[UPDATE_CUDA_PROVIDER_OPTIONS],
                    options, keys, values, n));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code SessionOptionsAppendExecutionProvider} (generic, by provider name).
     *
     * @param options {@code OrtSessionOptions*}
     * @param name    NUL-terminated provider name
     * @param keys    {@code const char* const*}
     * @param values  {@code const char* const*}
     * @param n       number of entries
     */
    public void appendExecutionProvider(MemorySegment options, MemorySegment name, MemorySegment keys,
                                        MemorySegment values, long n) {
        try {
            check((MemorySegment) APPEND_EXECUTION_PROVIDER$MH.invokeExact(fn[SESSION_OPTIONS_APPEND_EXECUTION_PROVIDER],
                    options, name, keys, values, n));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code GetBoundOutputNames}.
     *
     * @param binding   {@code OrtIoBinding*}
     * @param allocator {@code OrtAllocator*}
     * @param buffer    {@code char**} out: names concatenated without terminators
     * @param lengths   {@code size_t**} out
     * @param count     {@code size_t*} out
     */
    public void getBoundOutputNames(MemorySegment binding, MemorySegment allocator, MemorySegment buffer,
                                    MemorySegment lengths, MemorySegment count) {
        try {
            check((MemorySegment) GET_BOUND_OUTPUT_NAMES$MH.invokeExact(fn[GET_BOUND_OUTPUT_NAMES],
                    binding, allocator, buffer, lengths, count));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code GetBuildInfoString}.
     *
     * @return the build description, for example {@code git-commit-id=...}
     */
    public String buildInfo() {
        try {
            return CStrings.read((MemorySegment) GET_BUILD_INFO_STRING$MH.invokeExact(fn[GET_BUILD_INFO_STRING]));
        } catch (Throwable t) {
            throw NativeInvoke.rethrow(t);
        }
    }

    /**
     * {@code GetAvailableProviders} then {@code ReleaseAvailableProviders}.
     *
     * @return the execution providers compiled into this build, for example {@code [CPUExecutionProvider]}
     */
    public List<String> availableProviders() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment count = arena.allocate(JAVA_INT);
            call(GET_AVAILABLE_PROVIDERS, out, count);
            int n = count.get(JAVA_INT, 0);
            MemorySegment array = out.get(ADDRESS, 0);
            List<String> names = new ArrayList<>(n);
            MemorySegment entries = array.reinterpret(n * ADDRESS.byteSize());
            for (int i = 0; i < n; i++) {
                names.add(CStrings.read(entries.getAtIndex(ADDRESS, i)));
            }
            callInt(RELEASE_AVAILABLE_PROVIDERS, array, n);
            return List.copyOf(names);
        }
    }

    /**
     * Copies a string that ORT allocated with the default allocator, then frees it with {@code AllocatorFree}.
     *
     * @param pointer the {@code char*}
     * @return the Java string
     */
    public String takeAllocatedString(MemorySegment pointer) {
        try {
            return CStrings.read(pointer);
        } finally {
            freeWithDefaultAllocator(pointer);
        }
    }

    /**
     * {@code AllocatorFree} on the default allocator.
     *
     * @param pointer memory ORT allocated with it; NULL is ignored
     */
    public void freeWithDefaultAllocator(MemorySegment pointer) {
        if (pointer.address() != 0) {
            call(ALLOCATOR_FREE, defaultAllocator, pointer);
        }
    }

    /**
     * Reads {@code *out} as a {@code size_t} / {@code int64_t}.
     *
     * @param slot   a slot of shape {@code OrtStatus* F(X*, size_t* out)}
     * @param object the object
     * @return the value
     */
    public long getLong(int slot, MemorySegment object) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            call(slot, object, out);
            return out.get(JAVA_LONG, 0);
        }
    }

    /**
     * Reads {@code *out} as an {@code int} or C enum.
     *
     * @param slot   a slot of shape {@code OrtStatus* F(X*, int* out)}
     * @param object the object
     * @return the value
     */
    public int getInt(int slot, MemorySegment object) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            call(slot, object, out);
            return out.get(JAVA_INT, 0);
        }
    }

    /**
     * Reads {@code *out} as a pointer.
     *
     * @param slot   a slot of shape {@code OrtStatus* F(X*, Y** out)}
     * @param object the object
     * @return the pointer
     */
    public MemorySegment getPointer(int slot, MemorySegment object) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            call(slot, object, out);
            return out.get(ADDRESS, 0);
        }
    }
}
