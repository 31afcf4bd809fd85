package io.streamcream.nativebindings.ort;

/**
 * Where a session's nodes run.
 */
public enum ExecutionDevice {
    /** ONNX Runtime's CPU execution provider. */
    CPU,
    /** The CUDA execution provider (GPU build of ONNX Runtime, a driver and a device). */
    CUDA
}
