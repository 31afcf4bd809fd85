/**
 * Test fixtures: a dependency-free ONNX model builder (protobuf writer with the {@code onnx.proto} field numbers).
 */
package io.streamcream.nativebindings.testing;
