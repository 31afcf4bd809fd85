package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * {@code OrtIoBinding}: inputs and outputs bound once to tensors in host or device memory, then run any number of
 * times with {@code RunWithBinding}.
 * <p>
 * Outputs can be bound to preallocated tensors ({@link #bindOutput(String, Tensor)}) or to a device
 * ({@link #bindOutput(String, MemoryInfo)}): ORT then allocates them there and {@link #outputs()} hands them back
 * without a host copy, so a decode loop can bind one step's outputs as the next step's inputs. Bound tensors must stay
 * open while the binding is used. Methods are synchronized; one binding is meant for one decode loop at a time.
 */
public final class IoBinding implements AutoCloseable {
    private final OrtApi api;
    private final Session session;
    private final Arena arena;
    private final MemorySegment binding;
    private final UsageGuard guard = new UsageGuard("IoBinding");
    private final Map<String, Tensor> boundInputs = new LinkedHashMap<>();
    private final Map<String, Tensor> boundOutputs = new LinkedHashMap<>();
    private final Map<String, String> deviceOutputs = new LinkedHashMap<>();

    IoBinding(OrtApi api, Session session, MemorySegment raw) {
        this.api = api;
        this.session = session;
        this.arena = Arena.ofShared();
        this.binding = raw.reinterpret(arena, p -> api.release(OrtApi.RELEASE_IO_BINDING, p));
    }

    /**
     * Binds an input ({@code BindInput}).
     *
     * @param name   input name
     * @param tensor the tensor (host or device memory)
     * @return this
     * @throws OrtException if ORT rejects the name
     */
    public synchronized IoBinding bindInput(String name, Tensor tensor) {
        bind(OrtApi.BIND_INPUT, name, tensor);
        boundInputs.put(name, tensor);
        return this;
    }

    /**
     * Binds an output to a preallocated tensor ({@code BindOutput}); ORT writes into it in place.
     *
     * @param name   output name
     * @param tensor the tensor
     * @return this
     */
    public synchronized IoBinding bindOutput(String name, Tensor tensor) {
        bind(OrtApi.BIND_OUTPUT, name, tensor);
        boundOutputs.put(name, tensor);
        deviceOutputs.remove(name);
        return this;
    }

    /**
     * Binds an output to a device ({@code BindOutputToDevice}): ORT allocates it there on each run.
     *
     * @param name   output name
     * @param device where to allocate, for example {@link MemoryInfo#cuda(int)}
     * @return this
     */
    public synchronized IoBinding bindOutput(String name, MemoryInfo device) {
        guard.enter();
        device.guard().enter();
        try (Arena scratch = Arena.ofConfined()) {
            api.call(OrtApi.BIND_OUTPUT_TO_DEVICE, binding, scratch.allocateFrom(name), device.handle());
            deviceOutputs.put(name, device.name());
            boundOutputs.remove(name);
            return this;
        } finally {
            device.guard().exit();
            guard.exit();
        }
    }

    private void bind(int slot, String name, Tensor tensor) {
        guard.enter();
        tensor.guard().enter();
        try (Arena scratch = Arena.ofConfined()) {
            api.call(slot, binding, scratch.allocateFrom(name), tensor.handle());
        } finally {
            tensor.guard().exit();
            guard.exit();
        }
    }

    /**
     * Removes all input bindings ({@code ClearBoundInputs}).
     */
    public synchronized void clearInputs() {
        guard.enter();
        try {
            api.release(OrtApi.CLEAR_BOUND_INPUTS, binding);
            boundInputs.clear();
        } finally {
            guard.exit();
        }
    }

    /**
     * Removes all output bindings ({@code ClearBoundOutputs}).
     */
    public synchronized void clearOutputs() {
        guard.enter();
        try {
            api.release(OrtApi.CLEAR_BOUND_OUTPUTS, binding);
            boundOutputs.clear();
            deviceOutputs.clear();
        } finally {
            guard.exit();
        }
    }

    /**
     * Runs the session on the bound values ({@code RunWithBinding}).
     */
    public void run() {
        run(null);
    }

    /**
     * Runs the session on the bound values with run options.
     *
     * @param options run options, or {@code null}
     */
    public synchronized void run(RunOptions options) {
        guard.enter();
        List<Tensor> entered = new ArrayList<>();
        try {
            for (Tensor t : boundInputs.values()) {
                t.guard().enter();
                entered.add(t);
            }
            for (Tensor t : boundOutputs.values()) {
                t.guard().enter();
                entered.add(t);
            }
            session.runWithBinding(binding, options);
        } finally {
            entered.forEach(t -> t.guard().exit());
            guard.exit();
        }
    }

    /**
     * Names of the bound outputs as ORT reports them ({@code GetBoundOutputNames}).
     *
     * @return the names, in binding order
     */
    public synchronized List<String> outputNames() {
        guard.enter();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment buffer = scratch.allocate(ADDRESS);
            MemorySegment lengths = scratch.allocate(ADDRESS);
            MemorySegment count = scratch.allocate(JAVA_LONG);
            api.getBoundOutputNames(binding, api.defaultAllocator(), buffer, lengths, count);
            long n = count.get(JAVA_LONG, 0);
            MemorySegment chars = buffer.get(ADDRESS, 0);
            MemorySegment sizes = lengths.get(ADDRESS, 0);
            try {
                List<String> names = new ArrayList<>();
                MemorySegment sizeArray = sizes.reinterpret(n * JAVA_LONG.byteSize());
                long total = 0;
                for (long i = 0; i < n; i++) {
                    total += sizeArray.getAtIndex(JAVA_LONG, i);
                }
                MemorySegment text = chars.reinterpret(total);
                long offset = 0;
                for (long i = 0; i < n; i++) {
                    long length = sizeArray.getAtIndex(JAVA_LONG, i);
                    byte[] bytes = text.asSlice(offset, length).toArray(JAVA_BYTE);
                    names.add(new String(bytes, StandardCharsets.UTF_8));
                    offset += length;
                }
                return List.copyOf(names);
            } finally {
                api.freeWithDefaultAllocator(chars);
                api.freeWithDefaultAllocator(sizes);
            }
        } finally {
            guard.exit();
        }
    }

    /**
     * The bound outputs after a run ({@code GetBoundOutputValues}), as new tensors owned by the caller. Outputs bound
     * to a device stay there (their {@link Tensor#location()} names the device). Confined to the calling thread.
     *
     * @return the outputs, in binding order
     */
    public synchronized RunResult outputs() {
        guard.enter();
        try (Arena scratch = Arena.ofConfined()) {
            List<String> names = outputNames();
            MemorySegment out = scratch.allocate(ADDRESS);
            MemorySegment count = scratch.allocate(JAVA_LONG);
            api.call(OrtApi.GET_BOUND_OUTPUT_VALUES, binding, api.defaultAllocator(), out, count);
            long n = count.get(JAVA_LONG, 0);
            MemorySegment array = out.get(ADDRESS, 0);
            List<Tensor> tensors = new ArrayList<>();
            try {
                MemorySegment values = array.reinterpret(n * ADDRESS.byteSize());
                for (int i = 0; i < n; i++) {
                    String location = deviceOutputs.getOrDefault(names.get(i), "Cpu");
                    tensors.add(Tensor.adopt(api, values.getAtIndex(ADDRESS, i), location));
                }
            } finally {
                api.freeWithDefaultAllocator(array);
            }
            return new RunResult(names, tensors);
        } finally {
            guard.exit();
        }
    }

    @Override
    public synchronized void close() {
        if (guard.close()) {
            boundInputs.clear();
            boundOutputs.clear();
            arena.close();
        }
    }
}
