package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.streamcream.nativebindings.cuda.CudaAvailability;
import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * {@code OrtSessionOptions}: threads, graph optimisation, execution mode, config entries and execution providers.
 * <p>
 * Setters return {@code this}. ORT copies the options into each session, so they may be closed once the sessions
 * are created. Not thread-safe: configure from one thread.
 */
public final class SessionOptions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionOptions.class.getName());
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final OrtRuntime runtime;
    private final OrtApi api;
    private final Arena arena;
    private final MemorySegment options;
    private final UsageGuard guard = new UsageGuard("SessionOptions");
    private final List<String> providers = new ArrayList<>();

    private SessionOptions(OrtRuntime runtime) {
        this.runtime = runtime;
        this.api = runtime.api();
        this.arena = Arena.ofShared();
        this.options = api.create(OrtApi.CREATE_SESSION_OPTIONS)
                .reinterpret(arena, p -> api.release(OrtApi.RELEASE_SESSION_OPTIONS, p));
    }

    /**
     * Creates options with ORT's defaults.
     *
     * @return new options
     */
    public static SessionOptions create() {
        return new SessionOptions(OrtRuntime.get());
    }

    /**
     * Threads used inside one operator ({@code SetIntraOpNumThreads}); 0 lets ORT choose.
     *
     * @param threads thread count
     * @return this
     */
    public SessionOptions intraOpThreads(int threads) {
        return withInt(OrtApi.SET_INTRA_OP_NUM_THREADS, threads);
    }

    /**
     * Threads used to run independent operators in parallel ({@code SetInterOpNumThreads}); 0 lets ORT choose.
     *
     * @param threads thread count
     * @return this
     */
    public SessionOptions interOpThreads(int threads) {
        return withInt(OrtApi.SET_INTER_OP_NUM_THREADS, threads);
    }

    /**
     * Graph optimisation level ({@code SetSessionGraphOptimizationLevel}).
     *
     * @param level the level
     * @return this
     */
    public SessionOptions optimization(GraphOptimizationLevel level) {
        return withInt(OrtApi.SET_SESSION_GRAPH_OPTIMIZATION_LEVEL, level.value());
    }

    /**
     * Execution mode ({@code SetSessionExecutionMode}).
     *
     * @param mode the mode
     * @return this
     */
    public SessionOptions executionMode(ExecutionMode mode) {
        return withInt(OrtApi.SET_SESSION_EXECUTION_MODE, mode.value());
    }

    /**
     * A session configuration entry ({@code AddSessionConfigEntry}), for example
     * {@code session.intra_op.allow_spinning = 0}.
     *
     * @param key   the key
     * @param value the value
     * @return this
     */
    public SessionOptions configEntry(String key, String value) {
        guard.enter();
        try (Arena scratch = Arena.ofConfined()) {
            api.call(OrtApi.ADD_SESSION_CONFIG_ENTRY, options, scratch.allocateFrom(key), scratch.allocateFrom(value));
            return this;
        } finally {
            guard.exit();
        }
    }

    /**
     * Appends the CUDA execution provider on a device ({@code SessionOptionsAppendExecutionProvider_CUDA_V2}).
     *
     * @param deviceId CUDA device ordinal
     * @return this
     * @throws OrtException {@link OrtErrorCode#FAIL} on a CPU-only ORT build
     */
    public SessionOptions appendCuda(int deviceId) {
        return appendCuda(Map.of("device_id", Integer.toString(deviceId)));
    }

    /**
     * Appends the CUDA execution provider with string options (keys as in ORT's {@code OrtCUDAProviderOptionsV2}:
     * {@code device_id}, {@code gpu_mem_limit}, {@code arena_extend_strategy}, {@code cudnn_conv_algo_search},
     * {@code do_copy_in_default_stream}, ...).
     *
     * @param cudaOptions provider options
     * @return this
     * @throws OrtException {@link OrtErrorCode#FAIL} on a CPU-only ORT build
     */
    public SessionOptions appendCuda(Map<String, String> cudaOptions) {
        guard.enter();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment cuda = api.create(OrtApi.CREATE_CUDA_PROVIDER_OPTIONS);
            try {
                MemorySegment[] kv = keyValueArrays(scratch, cudaOptions);
                api.updateCudaProviderOptions(cuda, kv[0], kv[1], cudaOptions.size());
                api.call(OrtApi.SESSION_OPTIONS_APPEND_EXECUTION_PROVIDER_CUDA_V2, options, cuda);
            } finally {
                api.release(OrtApi.RELEASE_CUDA_PROVIDER_OPTIONS, cuda);
            }
            providers.add(OrtRuntime.CUDA_PROVIDER);
            return this;
        } finally {
            guard.exit();
        }
    }

    /**
     * Appends an execution provider by name ({@code SessionOptionsAppendExecutionProvider}), for example
     * {@code "XNNPACK"} or {@code "OpenVINO"}.
     *
     * @param name            provider short name
     * @param providerOptions its options
     * @return this
     * @throws OrtException if the provider is unknown or not part of this build
     */
    public SessionOptions appendExecutionProvider(String name, Map<String, String> providerOptions) {
        guard.enter();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment[] kv = keyValueArrays(scratch, providerOptions);
            api.appendExecutionProvider(options, scratch.allocateFrom(name), kv[0], kv[1], providerOptions.size());
            providers.add(name);
            return this;
        } finally {
            guard.exit();
        }
    }

    /**
     * Uses CUDA when it can work, otherwise stays on CPU and logs one line saying why.
     * <p>
     * CUDA is used only if the ORT build has {@value OrtRuntime#CUDA_PROVIDER}, {@code libcudart} loads, a driver is
     * present and at least one device exists, and appending the provider succeeds (it fails, for example, when cuDNN
     * is missing). The first fallback in a JVM is logged at WARNING, later ones at DEBUG.
     *
     * @param deviceId CUDA device ordinal
     * @return the device the session will run on
     */
    public ExecutionDevice preferCuda(int deviceId) {
        return preferCuda(deviceId, CudaRuntime::probe);
    }

    ExecutionDevice preferCuda(int deviceId, Supplier<CudaAvailability> probe) {
        guard.ensureOpen();
        List<String> reasons = new ArrayList<>();
        if (!runtime.hasCudaProvider()) {
            reasons.add("ONNX Runtime " + runtime.version() + " is a CPU-only build (providers: " + runtime.availableProviders() + ")");
        }
        CudaAvailability cuda = probe.get();
        if (!cuda.available()) {
            reasons.add(cuda.reason());
        } else if (deviceId >= cuda.deviceCount()) {
            reasons.add("CUDA device " + deviceId + " does not exist (" + cuda.deviceCount() + " devices)");
        }
        if (reasons.isEmpty()) {
            try {
                appendCuda(deviceId);
                return ExecutionDevice.CUDA;
            } catch (OrtException e) {
                reasons.add("appending the CUDA execution provider failed: " + e.getMessage());
            }
        }
        Level level = FALLBACK_LOGGED.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
        LOG.log(level, "CUDA unavailable, ONNX Runtime falls back to CPU: " + String.join("; ", reasons));
        return ExecutionDevice.CPU;
    }

    /**
     * Execution providers appended so far, in order (CPU is always the implicit last one).
     *
     * @return provider names
     */
    public List<String> executionProviders() {
        return List.copyOf(providers);
    }

    private static MemorySegment[] keyValueArrays(Arena scratch, Map<String, String> entries) {
        MemorySegment keys = scratch.allocate(ADDRESS, Math.max(1, entries.size()));
        MemorySegment values = scratch.allocate(ADDRESS, Math.max(1, entries.size()));
        int i = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            keys.setAtIndex(ADDRESS, i, scratch.allocateFrom(entry.getKey()));
            values.setAtIndex(ADDRESS, i, scratch.allocateFrom(entry.getValue()));
            i++;
        }
        return new MemorySegment[] {keys, values};
    }

    private SessionOptions withInt(int slot, int value) {
        guard.enter();
        try {
            api.callInt(slot, options, value);
            return this;
        } finally {
            guard.exit();
        }
    }

    MemorySegment handle() {
        return options;
    }

    UsageGuard guard() {
        return guard;
    }

    @Override
    public void close() {
        if (guard.close()) {
            arena.close();
        }
    }
}
