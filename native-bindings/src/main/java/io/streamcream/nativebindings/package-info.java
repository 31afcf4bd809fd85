/**
 * Native bindings of StreamCream: ONNX Runtime ({@link io.streamcream.nativebindings.ort}) and the CUDA runtime
 * ({@link io.streamcream.nativebindings.cuda}) called through {@code java.lang.foreign}, without JNI.
 */
package io.streamcream.nativebindings;
