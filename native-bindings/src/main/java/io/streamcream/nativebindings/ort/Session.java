package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.streamcream.nativebindings.internal.CStrings;
import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * An {@code OrtSession}: a loaded model with its input/output metadata.
 * <p>
 * All {@code run} methods are safe to call from many threads at once (ORT's {@code Run} is thread-safe and this class
 * holds no mutable state). {@link #close()} waits for runs in progress and then fails every later call with
 * {@link IllegalStateException}. Input names, shapes and types are checked by ORT, whose errors arrive as
 * {@link OrtException} with ORT's code and message.
 */
public final class Session implements AutoCloseable {
    private final OrtApi api;
    private final Environment environment;
    private final Arena arena;
    private final MemorySegment session;
    private final UsageGuard guard = new UsageGuard("Session");
    private final Map<String, MemorySegment> inputNames = new LinkedHashMap<>();
    private final Map<String, MemorySegment> outputNames = new LinkedHashMap<>();
    private final List<NodeInfo> inputs;
    private final List<NodeInfo> outputs;
    private final MemorySegment allOutputNames;
    private final List<String> outputNameList;
    private final ModelMetadata metadata;

    Session(OrtApi api, Environment environment, MemorySegment raw) {
        this.api = api;
        this.environment = environment;
        this.arena = Arena.ofShared();
        this.session = raw.reinterpret(arena, p -> api.release(OrtApi.RELEASE_SESSION, p));
        try {
            this.inputs = nodes(true, inputNames);
            this.outputs = nodes(false, outputNames);
            this.allOutputNames = arena.allocate(ADDRESS, Math.max(1, outputNames.size()));
            int i = 0;
            for (MemorySegment name : outputNames.values()) {
                allOutputNames.setAtIndex(ADDRESS, i++, name);
            }
            this.outputNameList = List.copyOf(outputNames.keySet());
            this.metadata = readMetadata();
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private List<NodeInfo> nodes(boolean input, Map<String, MemorySegment> names) {
        long count = api.getLong(input ? OrtApi.SESSION_GET_INPUT_COUNT : OrtApi.SESSION_GET_OUTPUT_COUNT, session);
        List<NodeInfo> result = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment out = scratch.allocate(ADDRESS);
                api.callIndexed(input ? OrtApi.SESSION_GET_INPUT_NAME : OrtApi.SESSION_GET_OUTPUT_NAME,
                        session, i, api.defaultAllocator(), out);
                String name = api.takeAllocatedString(out.get(ADDRESS, 0));
                api.callIndexed(input ? OrtApi.SESSION_GET_INPUT_TYPE_INFO : OrtApi.SESSION_GET_OUTPUT_TYPE_INFO,
                        session, i, out);
                MemorySegment typeInfo = out.get(ADDRESS, 0);
                try {
                    result.add(describe(name, typeInfo, scratch));
                } finally {
                    api.release(OrtApi.RELEASE_TYPE_INFO, typeInfo);
                }
                names.put(name, arena.allocateFrom(name));
            }
        }
        return List.copyOf(result);
    }

    private NodeInfo describe(String name, MemorySegment typeInfo, Arena scratch) {
        ValueType valueType = ValueType.of(api.getInt(OrtApi.GET_ONNX_TYPE_FROM_TYPE_INFO, typeInfo));
        if (valueType != ValueType.TENSOR) {
            return new NodeInfo(name, valueType, ElementType.UNDEFINED, List.of(), List.of());
        }
        // Owned by typeInfo: not released separately.
        MemorySegment tensorInfo = api.getPointer(OrtApi.CAST_TYPE_INFO_TO_TENSOR_INFO, typeInfo);
        ElementType type = ElementType.of(api.getInt(OrtApi.GET_TENSOR_ELEMENT_TYPE, tensorInfo));
        long[] dims = Tensor.dimensions(api, tensorInfo, scratch);
        MemorySegment symbolic = scratch.allocate(ADDRESS, Math.max(1, dims.length));
        api.callArray(OrtApi.GET_SYMBOLIC_DIMENSIONS, tensorInfo, symbolic, dims.length);
        List<Long> shape = new ArrayList<>();
        List<String> dimNames = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            shape.add(dims[d]);
            dimNames.add(CStrings.read(symbolic.getAtIndex(ADDRESS, d)));
        }
        return new NodeInfo(name, valueType, type, shape, dimNames);
    }

    private ModelMetadata readMetadata() {
        MemorySegment meta = api.getPointer(OrtApi.SESSION_GET_MODEL_METADATA, session);
        try {
            return new ModelMetadata(metadataString(OrtApi.MODEL_METADATA_GET_PRODUCER_NAME, meta),
                    metadataString(OrtApi.MODEL_METADATA_GET_GRAPH_NAME, meta),
                    metadataString(OrtApi.MODEL_METADATA_GET_DOMAIN, meta),
                    metadataString(OrtApi.MODEL_METADATA_GET_DESCRIPTION, meta),
                    api.getLong(OrtApi.MODEL_METADATA_GET_VERSION, meta));
        } finally {
            api.release(OrtApi.RELEASE_MODEL_METADATA, meta);
        }
    }

    private String metadataString(int slot, MemorySegment meta) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment out = scratch.allocate(ADDRESS);
            api.call(slot, meta, api.defaultAllocator(), out);
            return api.takeAllocatedString(out.get(ADDRESS, 0));
        }
    }

    /**
     * A custom {@code metadata_props} entry ({@code ModelMetadataLookupCustomMetadataMap}).
     *
     * @param key the key
     * @return the value, or empty if the model has no such entry
     */
    public Optional<String> customMetadata(String key) {
        guard.enter();
        MemorySegment meta = api.getPointer(OrtApi.SESSION_GET_MODEL_METADATA, session);
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment out = scratch.allocate(ADDRESS);
            api.call(OrtApi.MODEL_METADATA_LOOKUP_CUSTOM_METADATA_MAP, meta, api.defaultAllocator(),
                    scratch.allocateFrom(key), out);
            MemorySegment value = out.get(ADDRESS, 0);
            return value.address() == 0 ? Optional.empty() : Optional.of(api.takeAllocatedString(value));
        } finally {
            api.release(OrtApi.RELEASE_MODEL_METADATA, meta);
            guard.exit();
        }
    }

    /**
     * Inputs in model order.
     *
     * @return input descriptions
     */
    public List<NodeInfo> inputs() {
        return inputs;
    }

    /**
     * Outputs in model order.
     *
     * @return output descriptions
     */
    public List<NodeInfo> outputs() {
        return outputs;
    }

    /**
     * Input names in model order.
     *
     * @return the names
     */
    public List<String> inputNames() {
        return List.copyOf(inputNames.keySet());
    }

    /**
     * Output names in model order.
     *
     * @return the names
     */
    public List<String> outputNames() {
        return outputNameList;
    }

    /**
     * Model metadata read when the session was created.
     *
     * @return the metadata
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    // ---- runs ----

    /**
     * Runs the model and returns every output, allocated by ORT.
     *
     * @param feeds inputs by name
     * @return the outputs; close them (try-with-resources)
     */
    public RunResult run(Map<String, Tensor> feeds) {
        return run(feeds, outputNames());
    }

    /**
     * Runs the model and returns the requested outputs, allocated by ORT.
     *
     * @param feeds   inputs by name
     * @param fetches output names
     * @return the outputs in the order of {@code fetches}
     */
    public RunResult run(Map<String, Tensor> feeds, List<String> fetches) {
        return runAllocating(feeds, fetches, null);
    }

    /**
     * Runs with run options and returns the requested outputs, allocated by ORT.
     *
     * @param feeds   inputs by name
     * @param fetches output names
     * @param options run options (tag, terminate flag, log level)
     * @return the outputs in the order of {@code fetches}
     */
    public RunResult run(Map<String, Tensor> feeds, List<String> fetches, RunOptions options) {
        return runAllocating(feeds, fetches, options);
    }

    /**
     * Runs into preallocated output tensors: ORT writes straight into their memory, nothing is allocated per output.
     *
     * @param feeds   inputs by name
     * @param outputs output tensors by name, with the exact shapes the model produces
     */
    public void runInto(Map<String, Tensor> feeds, Map<String, Tensor> outputs) {
        runInto(feeds, outputs, null);
    }

    /**
     * Runs into preallocated output tensors with run options.
     *
     * @param feeds   inputs by name
     * @param outputs output tensors by name
     * @param options run options, or {@code null} for none
     */
    public void runInto(Map<String, Tensor> feeds, Map<String, Tensor> outputs, RunOptions options) {
        Tensor[] in = feeds.values().toArray(Tensor[]::new);
        Tensor[] out = outputs.values().toArray(Tensor[]::new);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment inNames = names(call, feeds.keySet(), inputNames);
            MemorySegment outNames = names(call, outputs.keySet(), outputNames);
            MemorySegment inValues = values(call, in);
            MemorySegment outValues = values(call, out);
            execute(in, out, options, inNames, inValues, outNames, outValues);
        }
    }

    /**
     * Prepares a repeated copy-free run over fixed input and output tensors: name and value arrays are built once,
     * so each {@link PreparedRun#run()} is a single {@code Run} call with no allocation.
     *
     * @param feeds   inputs by name (their contents may change between runs)
     * @param outputs preallocated outputs by name
     * @return the prepared run; close it before the tensors
     */
    public PreparedRun prepare(Map<String, Tensor> feeds, Map<String, Tensor> outputs) {
        return prepare(feeds, outputs, null);
    }

    /**
     * Like {@link #prepare(Map, Map)} with run options.
     *
     * @param feeds   inputs by name
     * @param outputs preallocated outputs by name
     * @param options run options, or {@code null} for none
     * @return the prepared run
     */
    public PreparedRun prepare(Map<String, Tensor> feeds, Map<String, Tensor> outputs, RunOptions options) {
        guard.ensureOpen();
        Arena arena = Arena.ofShared();
        try {
            Tensor[] in = feeds.values().toArray(Tensor[]::new);
            Tensor[] out = outputs.values().toArray(Tensor[]::new);
            return new PreparedRun(this, in, out, options, names(arena, feeds.keySet(), inputNames),
                    values(arena, in), names(arena, outputs.keySet(), outputNames), values(arena, out), arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Creates an {@link IoBinding} for this session.
     *
     * @return the binding
     */
    public IoBinding createIoBinding() {
        guard.enter();
        try {
            MemorySegment binding;
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment out = scratch.allocate(ADDRESS);
                api.call(OrtApi.CREATE_IO_BINDING, session, out);
                binding = out.get(ADDRESS, 0);
            }
            return new IoBinding(api, this, binding);
        } finally {
            guard.exit();
        }
    }

    private RunResult runAllocating(Map<String, Tensor> feeds, List<String> fetches, RunOptions options) {
        Tensor[] in = feeds.values().toArray(Tensor[]::new);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment inNames = names(call, feeds.keySet(), inputNames);
            MemorySegment outNames = fetches == outputNameList || fetches.equals(outputNameList) ? allOutputNames : names(call, fetches, outputNames);
            MemorySegment inValues = values(call, in);
            MemorySegment outValues = call.allocate(ADDRESS, Math.max(1, fetches.size()));
            execute(in, new Tensor[0], options, inNames, inValues, outNames, outValues.asSlice(0, fetches.size() * ADDRESS.byteSize()));
            List<Tensor> results = new ArrayList<>(fetches.size());
            try {
                for (int i = 0; i < fetches.size(); i++) {
                    MemorySegment value = outValues.getAtIndex(ADDRESS, i);
                    outValues.setAtIndex(ADDRESS, i, MemorySegment.NULL);
                    results.add(Tensor.adopt(api, value, "Cpu"));
                }
            } catch (RuntimeException e) {
                for (int i = results.size() + 1; i < fetches.size(); i++) {
                    api.release(OrtApi.RELEASE_VALUE, outValues.getAtIndex(ADDRESS, i));
                }
                results.forEach(Tensor::close);
                throw e;
            }
            return new RunResult(fetches, results);
        }
    }

    /** Runs with every involved native object held open; the single path to {@code Run}. */
    void execute(Tensor[] in, Tensor[] out, RunOptions options, MemorySegment inNames, MemorySegment inValues,
                 MemorySegment outNames, MemorySegment outValues) {
        guard.enter();
        int enteredIn = 0;
        int enteredOut = 0;
        boolean optionsEntered = false;
        try {
            for (Tensor t : in) {
                t.guard().enter();
                enteredIn++;
            }
            for (Tensor t : out) {
                t.guard().enter();
                enteredOut++;
            }
            MemorySegment runOptions = MemorySegment.NULL;
            if (options != null) {
                options.guard().enter();
                optionsEntered = true;
                runOptions = options.handle();
            }
            api.run(session, runOptions, inNames, inValues, in.length, outNames,
                    outValues.byteSize() / ADDRESS.byteSize(), outValues);
        } finally {
            if (optionsEntered) {
                options.guard().exit();
            }
            for (int i = 0; i < enteredOut; i++) {
                out[i].guard().exit();
            }
            for (int i = 0; i < enteredIn; i++) {
                in[i].guard().exit();
            }
            guard.exit();
        }
    }

    void runWithBinding(MemorySegment binding, RunOptions options) {
        guard.enter();
        boolean optionsEntered = false;
        try {
            MemorySegment runOptions = MemorySegment.NULL;
            if (options != null) {
                options.guard().enter();
                optionsEntered = true;
                runOptions = options.handle();
            }
            api.call(OrtApi.RUN_WITH_BINDING, session, runOptions, binding);
        } finally {
            if (optionsEntered) {
                options.guard().exit();
            }
            guard.exit();
        }
    }

    /** Native name array; the session's own C strings are reused, unknown names are copied so ORT can report them. */
    private static MemorySegment names(Arena arena, Iterable<String> names, Map<String, MemorySegment> known) {
        List<MemorySegment> pointers = new ArrayList<>();
        for (String name : names) {
            MemorySegment own = known.get(name);
            pointers.add(own != null ? own : arena.allocateFrom(name));
        }
        MemorySegment array = arena.allocate(ADDRESS, Math.max(1, pointers.size()));
        for (int i = 0; i < pointers.size(); i++) {
            array.setAtIndex(ADDRESS, i, pointers.get(i));
        }
        return array;
    }

    private static MemorySegment values(Arena arena, Tensor[] tensors) {
        MemorySegment array = arena.allocate(ADDRESS, Math.max(1, tensors.length));
        for (int i = 0; i < tensors.length; i++) {
            tensors[i].guard().ensureOpen();
            array.setAtIndex(ADDRESS, i, tensors[i].handle());
        }
        return array.asSlice(0, tensors.length * ADDRESS.byteSize());
    }

    UsageGuard guard() {
        return guard;
    }

    MemorySegment handle() {
        return session;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} if closed
     */
    public boolean isClosed() {
        return guard.isClosed();
    }

    /**
     * Waits for runs in progress, then releases the session.
     */
    @Override
    public void close() {
        if (guard.close()) {
            try {
                arena.close();
            } finally {
                environment.releaseReference();
            }
        }
    }

    @Override
    public String toString() {
        return "Session[inputs=" + inputNames.keySet() + ", outputs=" + outputNames.keySet()
                + (isClosed() ? ", closed]" : "]");
    }
}
