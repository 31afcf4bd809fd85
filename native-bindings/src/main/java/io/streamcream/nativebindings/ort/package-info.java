/**
 * Typed ONNX Runtime API over the C API through FFM: {@link io.streamcream.nativebindings.ort.OrtRuntime},
 * {@link io.streamcream.nativebindings.ort.Environment}, {@link io.streamcream.nativebindings.ort.SessionOptions},
 * {@link io.streamcream.nativebindings.ort.Session}, zero-copy {@link io.streamcream.nativebindings.ort.Tensor},
 * {@link io.streamcream.nativebindings.ort.IoBinding} and {@link io.streamcream.nativebindings.ort.RunOptions}.
 */
package io.streamcream.nativebindings.ort;
