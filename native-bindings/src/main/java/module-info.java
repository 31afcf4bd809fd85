/**
 * StreamCream native bindings: ONNX Runtime and the CUDA runtime through FFM. Needs
 * {@code --enable-native-access=io.streamcream.nativebindings} (or {@code ALL-UNNAMED} on the class path).
 */
module io.streamcream.nativebindings {
    exports io.streamcream.nativebindings;
    exports io.streamcream.nativebindings.ort;
    exports io.streamcream.nativebindings.cuda;
}
