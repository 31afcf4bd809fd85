package io.streamcream.nativebindings.cuda;

/**
 * A few {@code cudaDeviceAttr} values (read with {@code cudaDeviceGetAttribute}, whose ABI is stable across CUDA
 * versions, unlike {@code cudaDeviceProp}).
 */
public enum DeviceAttribute {
    /** {@code cudaDevAttrMaxThreadsPerBlock}. */
    MAX_THREADS_PER_BLOCK(1),
    /** {@code cudaDevAttrWarpSize}. */
    WARP_SIZE(10),
    /** {@code cudaDevAttrClockRate} (kHz). */
    CLOCK_RATE_KHZ(13),
    /** {@code cudaDevAttrMultiProcessorCount}. */
    MULTIPROCESSOR_COUNT(16),
    /** {@code cudaDevAttrComputeCapabilityMajor}. */
    COMPUTE_CAPABILITY_MAJOR(75),
    /** {@code cudaDevAttrComputeCapabilityMinor}. */
    COMPUTE_CAPABILITY_MINOR(76);

    private final int value;

    DeviceAttribute(int value) {
        this.value = value;
    }

    /**
     * The C value.
     *
     * @return the {@code cudaDeviceAttr} number
     */
    public int value() {
        return value;
    }
}
