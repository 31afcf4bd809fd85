/**
 * Helpers shared by the ONNX Runtime and CUDA bindings (usage guards, C strings, library search). Not exported.
 */
package io.streamcream.nativebindings.internal;
