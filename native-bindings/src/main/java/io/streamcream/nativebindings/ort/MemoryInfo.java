package io.streamcream.nativebindings.ort;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.streamcream.nativebindings.internal.CStrings;
import io.streamcream.nativebindings.internal.UsageGuard;
import io.streamcream.nativebindings.ort.internal.OrtApi;

/**
 * {@code OrtMemoryInfo}: which device and allocator a tensor's memory belongs to. Used to wrap device memory as a
 * tensor and to keep {@link IoBinding} outputs on a device.
 */
public final class MemoryInfo implements AutoCloseable {
    /** {@code OrtDeviceAllocator}. */
    public static final int DEVICE_ALLOCATOR = 0;
    /** {@code OrtArenaAllocator}. */
    public static final int ARENA_ALLOCATOR = 1;
    /** {@code OrtMemTypeDefault}: device memory for a device, host memory for CPU. */
    public static final int MEM_TYPE_DEFAULT = 0;

    private final OrtApi api;
    private final Arena arena;
    private final MemorySegment info;
    private final String name;
    private final UsageGuard guard = new UsageGuard("MemoryInfo");

    private MemoryInfo(OrtApi api, Arena arena, MemorySegment info) {
        this.api = api;
        this.arena = arena;
        this.info = info;
        this.name = CStrings.read(api.getPointer(OrtApi.MEMORY_INFO_GET_NAME, info));
    }

    /**
     * Host memory with ORT's CPU arena allocator ({@code CreateCpuMemoryInfo}).
     *
     * @return the memory info
     */
    public static MemoryInfo cpu() {
        OrtApi api = OrtRuntime.get().api();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            api.createCpuMemoryInfo(ARENA_ALLOCATOR, MEM_TYPE_DEFAULT, out);
            return new MemoryInfo(api, arena, own(api, arena, out));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Device memory of a CUDA device ({@code CreateMemoryInfo("Cuda", OrtDeviceAllocator, id, OrtMemTypeDefault)}).
     *
     * @param deviceId CUDA device ordinal
     * @return the memory info
     */
    public static MemoryInfo cuda(int deviceId) {
        return of("Cuda", DEVICE_ALLOCATOR, deviceId, MEM_TYPE_DEFAULT);
    }

    /**
     * Any memory info ({@code CreateMemoryInfo}).
     *
     * @param name          allocator name: {@code Cpu}, {@code Cuda}, {@code CudaPinned}, ...
     * @param allocatorType {@link #DEVICE_ALLOCATOR} or {@link #ARENA_ALLOCATOR}
     * @param deviceId      device ordinal
     * @param memType       {@code OrtMemType}, usually {@link #MEM_TYPE_DEFAULT}
     * @return the memory info
     */
    public static MemoryInfo of(String name, int allocatorType, int deviceId, int memType) {
        OrtApi api = OrtRuntime.get().api();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            api.createMemoryInfo(arena.allocateFrom(name), allocatorType, deviceId, memType, out);
            return new MemoryInfo(api, arena, own(api, arena, out));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment own(OrtApi api, Arena arena, MemorySegment out) {
        return out.get(ADDRESS, 0).reinterpret(arena, p -> api.release(OrtApi.RELEASE_MEMORY_INFO, p));
    }

    /**
     * Allocator name ({@code MemoryInfoGetName}).
     *
     * @return for example {@code Cpu} or {@code Cuda}
     */
    public String name() {
        return name;
    }

    /**
     * Device ordinal ({@code MemoryInfoGetId}).
     *
     * @return the id
     */
    public int deviceId() {
        return read(OrtApi.MEMORY_INFO_GET_ID);
    }

    /**
     * {@code OrtMemType} ({@code MemoryInfoGetMemType}).
     *
     * @return the memory type
     */
    public int memoryType() {
        return read(OrtApi.MEMORY_INFO_GET_MEM_TYPE);
    }

    /**
     * {@code OrtAllocatorType} ({@code MemoryInfoGetType}).
     *
     * @return {@link #DEVICE_ALLOCATOR} or {@link #ARENA_ALLOCATOR}
     */
    public int allocatorType() {
        return read(OrtApi.MEMORY_INFO_GET_TYPE);
    }

    private int read(int slot) {
        guard.enter();
        try {
            return api.getInt(slot, info);
        } finally {
            guard.exit();
        }
    }

    MemorySegment handle() {
        return info;
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

    @Override
    public String toString() {
        return "MemoryInfo[" + name + "]";
    }
}
