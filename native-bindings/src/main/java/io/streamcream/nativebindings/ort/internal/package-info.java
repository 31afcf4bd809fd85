/**
 * Hand-written FFM downcalls over ONNX Runtime's {@code OrtApiBase} and {@code OrtApi} function table (slot constants,
 * descriptors, the single status check) and the library locator. Not exported: use {@code io.streamcream.nativebindings.ort}.
 */
package io.streamcream.nativebindings.ort.internal;
