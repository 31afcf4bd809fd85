/**
 * The CUDA runtime ({@code libcudart}) through FFM: device queries, {@link io.streamcream.nativebindings.cuda.DeviceBuffer}
 * and {@link io.streamcream.nativebindings.cuda.CudaStream}, plus {@link io.streamcream.nativebindings.cuda.CudaRuntime#probe()}
 * which reports cleanly when there is no library, no driver or no device.
 */
package io.streamcream.nativebindings.cuda;
