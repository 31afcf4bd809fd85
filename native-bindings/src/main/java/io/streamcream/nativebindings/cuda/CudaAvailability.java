package io.streamcream.nativebindings.cuda;

import java.util.Optional;

/**
 * Whether CUDA can be used in this process, and if not, why.
 *
 * @param available      {@code true} if the runtime loaded, a driver answered and at least one device exists
 * @param deviceCount    number of devices (0 when unavailable)
 * @param reason         a one-line explanation ("ok" when available)
 * @param library        the {@code libcudart} used, if one was found
 * @param runtimeVersion {@code cudaRuntimeGetVersion}, e.g. 13000, or 0
 * @param driverVersion  {@code cudaDriverGetVersion}, 0 without a driver
 */
public record CudaAvailability(boolean available, int deviceCount, String reason, Optional<String> library,
                               int runtimeVersion, int driverVersion) {
    static CudaAvailability unavailable(String reason, Optional<String> library, int runtimeVersion, int driverVersion) {
        return new CudaAvailability(false, 0, reason, library, runtimeVersion, driverVersion);
    }
}
