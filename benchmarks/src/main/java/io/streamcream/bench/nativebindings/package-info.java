/**
 * JMH benchmarks of the FFM ONNX Runtime bindings against the official {@code ai.onnxruntime} JNI binding.
 */
package io.streamcream.bench.nativebindings;
