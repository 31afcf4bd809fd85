package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * A tensor {@code OrtValue} over a {@link MemorySegment}, without copies.
 * <p>
 * {@link #wrap} shares the caller's memory: writing to the segment changes what the next run sees (the segment must
 * outlive the tensor). {@link #allocate} and the {@code of...} factories own their memory. Tensors returned by a run
 * are owned by ORT's allocator and confined to the thread that ran it. Closing releases the {@code OrtValue}; the data
 * segment of an owned tensor then fails fast on access.
 */
public final class Tensor implements AutoCloseable {
    private static final long ALIGNMENT = 64;

    private final Arena arena;
    private final MemorySegment value;
    private final MemorySegment data;
    private final ElementType type;
    private final long[] shape;
    private final String location;
    private final UsageGuard guard = new UsageGuard("Tensor");

    private Tensor(Arena arena, MemorySegment value, MemorySegment data, ElementType type, long[] shape, String location) {
        this.arena = arena;
        this.value = value;
        this.data = data;
        this.type = type;
        this.shape = shape;
        this.location = location;
    }

    /**
     * A zero-filled tensor that owns its (64-byte aligned, native) memory.
     *
     * @param type  element type
     * @param shape dimensions (all known, non-negative)
     * @return the tensor
     */
    public static Tensor allocate(ElementType type, long... shape) {
        long bytes = Math.multiplyExact(elementCount(shape), byteSizeOf(type));
        Arena arena = Arena.ofShared();
        try {
            MemorySegment data = arena.allocate(Math.max(1, bytes), ALIGNMENT).asSlice(0, bytes);
            OrtRuntime runtime = OrtRuntime.get();
            return create(runtime.api(), arena, runtime.cpuMemoryInfo(), data, type, shape, "Cpu");
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A tensor over caller-owned host memory (zero copy). ORT checks that the segment is large enough.
     *
     * @param data  native memory holding the elements in native byte order; must outlive the tensor
     * @param type  element type
     * @param shape dimensions
     * @return the tensor
     * @throws OrtException {@link OrtErrorCode#INVALID_ARGUMENT} if {@code data} is too small for the shape
     */
    public static Tensor wrap(MemorySegment data, ElementType type, long... shape) {
        OrtRuntime runtime = OrtRuntime.get();
        return wrap(runtime.api(), runtime.cpuMemoryInfo(), "Cpu", data, type, shape);
    }

    /**
     * A tensor over caller-owned memory described by {@code memoryInfo}, for example device memory from a
     * {@code DeviceBuffer} with {@link MemoryInfo#cuda(int)}. Device memory must not be read from Java.
     *
     * @param memoryInfo where the memory lives
     * @param data       the memory; must outlive the tensor
     * @param type       element type
     * @param shape      dimensions
     * @return the tensor
     */
    public static Tensor wrap(MemoryInfo memoryInfo, MemorySegment data, ElementType type, long... shape) {
        memoryInfo.guard().enter();
        try {
            return wrap(OrtRuntime.get().api(), memoryInfo.handle(), memoryInfo.name(), data, type, shape);
        } finally {
            memoryInfo.guard().exit();
        }
    }

    private static Tensor wrap(OrtApi api, MemorySegment memoryInfo, String location, MemorySegment data,
                               ElementType type, long[] shape) {
        if (!data.isNative()) {
            throw new IllegalArgumentException("tensor data must be native memory (Arena-allocated), not a heap segment");
        }
        byteSizeOf(type);
        Arena arena = Arena.ofShared();
        try {
            return create(api, arena, memoryInfo, data, type, shape, location);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Tensor create(OrtApi api, Arena arena, MemorySegment memoryInfo, MemorySegment data,
                                 ElementType type, long[] shape, String location) {
        long[] dims = shape.clone();
        MemorySegment shapeSegment = arena.allocateFrom(JAVA_LONG, dims);
        MemorySegment out = arena.allocate(ADDRESS);
        api.createTensorWithData(memoryInfo, data, data.byteSize(), shapeSegment, dims.length, type.value(), out);
        MemorySegment value = out.get(ADDRESS, 0).reinterpret(arena, p -> api.release(OrtApi.RELEASE_VALUE, p));
        return new Tensor(arena, value, data, type, dims, location);
    }

    /**
     * Takes ownership of an {@code OrtValue} that ORT allocated (a run output), reading its type and shape.
     */
    static Tensor adopt(OrtApi api, MemorySegment rawValue, String location) {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment value = rawValue.reinterpret(arena, p -> api.release(OrtApi.RELEASE_VALUE, p));
            if (api.getInt(OrtApi.IS_TENSOR, value) == 0) {
                throw new IllegalStateException("output is not a tensor (sequences and maps are not supported)");
            }
            MemorySegment info = api.getPointer(OrtApi.GET_TENSOR_TYPE_AND_SHAPE, value);
            ElementType type;
            long[] dims;
            try {
                type = ElementType.of(api.getInt(OrtApi.GET_TENSOR_ELEMENT_TYPE, info));
                dims = dimensions(api, info, arena);
            } finally {
                api.release(OrtApi.RELEASE_TENSOR_TYPE_AND_SHAPE_INFO, info);
            }
            long bytes = type.byteSize() == 0 ? 0 : elementCount(dims) * type.byteSize();
            MemorySegment data = api.getPointer(OrtApi.GET_TENSOR_MUTABLE_DATA, value).reinterpret(bytes, arena, null);
            return new Tensor(arena, value, data, type, dims, location);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    static long[] dimensions(OrtApi api, MemorySegment typeAndShape, Arena scratch) {
        long rank = api.getLong(OrtApi.GET_DIMENSIONS_COUNT, typeAndShape);
        MemorySegment dims = scratch.allocate(JAVA_LONG, Math.max(1, rank));
        api.callArray(OrtApi.GET_DIMENSIONS, typeAndShape, dims, rank);
        return rank == 0 ? new long[0] : dims.asSlice(0, rank * JAVA_LONG.byteSize()).toArray(JAVA_LONG);
    }

    // ---- convenience factories (copy Java arrays into owned native memory) ----

    /**
     * A float32 tensor holding a copy of {@code values}.
     *
     * @param values elements in row-major order
     * @param shape  dimensions; their product must equal {@code values.length}
     * @return the tensor
     */
    public static Tensor ofFloats(float[] values, long... shape) {
        Tensor t = allocateFor(ElementType.FLOAT, values.length, shape);
        MemorySegment.copy(values, 0, t.data, JAVA_FLOAT, 0, values.length);
        return t;
    }

    /**
     * A float16 tensor from float values (converted with {@link Float#floatToFloat16}).
     *
     * @param values elements in row-major order
     * @param shape  dimensions
     * @return the tensor
     */
    public static Tensor ofFloat16(float[] values, long... shape) {
        Tensor t = allocateFor(ElementType.FLOAT16, values.length, shape);
        for (int i = 0; i < values.length; i++) {
            t.data.setAtIndex(JAVA_SHORT, i, Float.floatToFloat16(values[i]));
        }
        return t;
    }

    /**
     * An int64 tensor holding a copy of {@code values}.
     *
     * @param values elements
     * @param shape  dimensions
     * @return the tensor
     */
    public static Tensor ofLongs(long[] values, long... shape) {
        Tensor t = allocateFor(ElementType.INT64, values.length, shape);
        MemorySegment.copy(values, 0, t.data, JAVA_LONG, 0, values.length);
        return t;
    }

    /**
     * An int32 tensor holding a copy of {@code values}.
     *
     * @param values elements
     * @param shape  dimensions
     * @return the tensor
     */
    public static Tensor ofInts(int[] values, long... shape) {
        Tensor t = allocateFor(ElementType.INT32, values.length, shape);
        MemorySegment.copy(values, 0, t.data, JAVA_INT, 0, values.length);
        return t;
    }

    /**
     * A bool tensor (one byte per element).
     *
     * @param values elements
     * @param shape  dimensions
     * @return the tensor
     */
    public static Tensor ofBooleans(boolean[] values, long... shape) {
        Tensor t = allocateFor(ElementType.BOOL, values.length, shape);
        for (int i = 0; i < values.length; i++) {
            t.data.set(JAVA_BYTE, i, (byte) (values[i] ? 1 : 0));
        }
        return t;
    }

    private static Tensor allocateFor(ElementType type, int count, long[] shape) {
        if (elementCount(shape) != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elementCount(shape)
                    + " elements but " + count + " values were given");
        }
        return allocate(type, shape);
    }

    // ---- accessors ----

    /**
     * The data, shared with ORT (no copy). For device tensors the segment must not be read from Java.
     *
     * @return the segment
     * @throws IllegalStateException if closed
     */
    public MemorySegment data() {
        guard.ensureOpen();
        return data;
    }

    /**
     * Element type.
     *
     * @return the type
     */
    public ElementType elementType() {
        return type;
    }

    /**
     * Dimensions (a copy).
     *
     * @return the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Number of elements (product of the shape).
     *
     * @return the count
     */
    public long elementCount() {
        return elementCount(shape);
    }

    /**
     * Memory location name: {@code Cpu}, {@code Cuda}, ...
     *
     * @return the ORT allocator name of where the data lives
     */
    public String location() {
        return location;
    }

    /**
     * Copies float32 elements out.
     *
     * @return the elements
     */
    public float[] toFloatArray() {
        return hostData(ElementType.FLOAT).toArray(JAVA_FLOAT);
    }

    /**
     * Copies float16 elements out, converted to float.
     *
     * @return the elements
     */
    public float[] float16ToFloatArray() {
        MemorySegment d = hostData(ElementType.FLOAT16);
        float[] result = new float[(int) elementCount()];
        for (int i = 0; i < result.length; i++) {
            result[i] = Float.float16ToFloat(d.getAtIndex(JAVA_SHORT, i));
        }
        return result;
    }

    /**
     * Copies int64 elements out.
     *
     * @return the elements
     */
    public long[] toLongArray() {
        return hostData(ElementType.INT64).toArray(JAVA_LONG);
    }

    /**
     * Copies int32 elements out.
     *
     * @return the elements
     */
    public int[] toIntArray() {
        return hostData(ElementType.INT32).toArray(JAVA_INT);
    }

    /**
     * Copies float64 elements out.
     *
     * @return the elements
     */
    public double[] toDoubleArray() {
        return hostData(ElementType.DOUBLE).toArray(JAVA_DOUBLE);
    }

    /**
     * Copies bool elements out.
     *
     * @return the elements
     */
    public boolean[] toBooleanArray() {
        MemorySegment d = hostData(ElementType.BOOL);
        boolean[] result = new boolean[(int) elementCount()];
        for (int i = 0; i < result.length; i++) {
            result[i] = d.get(JAVA_BYTE, i) != 0;
        }
        return result;
    }

    private MemorySegment hostData(ElementType expected) {
        guard.ensureOpen();
        if (type != expected) {
            throw new IllegalStateException("tensor holds " + type + ", not " + expected);
        }
        if (!"Cpu".equalsIgnoreCase(location)) {
            throw new IllegalStateException("tensor data lives on " + location + "; copy it to the host first");
        }
        return data;
    }

    MemorySegment handle() {
        return value;
    }

    UsageGuard guard() {
        return guard;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} if closed
     */
    public boolean isClosed() {
        return guard.isClosed();
    }

    @Override
    public void close() {
        if (guard.close()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + " @" + location + (isClosed() ? ", closed]" : "]");
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has an unknown (negative) dimension");
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    private static long byteSizeOf(ElementType type) {
        if (type.byteSize() == 0) {
            throw new IllegalArgumentException(type + " tensors cannot be created over raw memory");
        }
        return type.byteSize();
    }
}
