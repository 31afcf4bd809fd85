package io.streamcream.bench.nativebindings;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamcream.nativebindings.ort.ElementType;
import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.GraphOptimizationLevel;
import io.streamcream.nativebindings.ort.IoBinding;
import io.streamcream.nativebindings.ort.OrtRuntime;
import io.streamcream.nativebindings.ort.PreparedRun;
import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.SessionOptions;
import io.streamcream.nativebindings.ort.Tensor;
import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * Per-call overhead of one {@code Run} on identical tiny models, same JVM, same {@code libonnxruntime.so}: our FFM
 * bindings against the official JNI binding ({@code ai.onnxruntime}, benchmark-only dependency).
 * <p>
 * Copy-free variants: FFM {@link PreparedRun} (and {@link IoBinding}) into a preallocated output vs JNI
 * {@code run(inputs, pinnedOutputs)} into a direct-buffer tensor. Allocating variants: FFM {@code run(Map)} returning
 * ORT-allocated outputs vs JNI {@code run(Map)}; both read one output element and close the result.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class OrtRunBenchmark {
    /** {@code add}: y = x + c over float[1,4]; {@code mlp}: Relu(x·W + b) over float[1,2]. */
    @Param({"add", "mlp"})
    public String model;

    private Environment ffmEnv;
    private Session ffmSession;
    private Tensor ffmInput;
    private Tensor ffmOutput;
    private PreparedRun ffmPrepared;
    private IoBinding ffmBinding;
    private Map<String, Tensor> ffmFeeds;

    private OrtEnvironment jniEnv;
    private OrtSession jniSession;
    private OnnxTensor jniInput;
    private OnnxTensor jniOutput;
    private FloatBuffer jniOutputBuffer;
    private Map<String, OnnxTensor> jniFeeds;
    private Map<String, OnnxTensor> jniPinned;

    /**
     * Loads both bindings onto the same library file and builds identical sessions and tensors.
     *
     * @throws Exception if either binding fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        OrtRuntime ort = OrtRuntime.get();
        // Make the JNI binding load the very same libonnxruntime.so instead of extracting its own copy.
        System.setProperty("onnxruntime.native.onnxruntime.path", ort.library());
        byte[] bytes = "add".equals(model) ? OnnxModelBuilder.addConstant(4) : OnnxModelBuilder.matMulAddRelu();
        long[] shape = "add".equals(model) ? new long[] {1, 4} : new long[] {1, 2};
        float[] input = "add".equals(model) ? new float[] {1, 2, 3, 4} : new float[] {1, 2};

        ffmEnv = Environment.create();
        try (SessionOptions options = SessionOptions.create().intraOpThreads(1).interOpThreads(1)
                .optimization(GraphOptimizationLevel.ALL)) {
            ffmSession = ffmEnv.createSession(bytes, options);
        }
        ffmInput = Tensor.ofFloats(input, shape);
        ffmOutput = Tensor.allocate(ElementType.FLOAT, shape);
        ffmFeeds = Map.of("x", ffmInput);
        ffmPrepared = ffmSession.prepare(ffmFeeds, Map.of("y", ffmOutput));
        ffmBinding = ffmSession.createIoBinding().bindInput("x", ffmInput).bindOutput("y", ffmOutput);

        jniEnv = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            jniSession = jniEnv.createSession(bytes, options);
        }
        FloatBuffer in = direct(input.length).put(input).flip();
        jniInput = OnnxTensor.createTensor(jniEnv, in, shape);
        jniOutputBuffer = direct(input.length);
        jniOutput = OnnxTensor.createTensor(jniEnv, jniOutputBuffer, shape);
        jniFeeds = Map.of("x", jniInput);
        jniPinned = Map.of("y", jniOutput);

        checkSameLibrary(ort.library());
        checkSameResults();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void checkSameLibrary(String library) throws Exception {
        long mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.endsWith("/libonnxruntime.so"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct().count();
        if (mapped != 1) {
            throw new IllegalStateException("expected one libonnxruntime.so mapped (" + library + "), found " + mapped);
        }
    }

    private void checkSameResults() throws OrtException {
        ffmPrepared.run();
        float[] ffm = ffmOutput.toFloatArray();
        try (OrtSession.Result ignored = jniSession.run(jniFeeds, jniPinned)) {
            float[] jni = new float[ffm.length];
            jniOutputBuffer.get(0, jni);
            if (!java.util.Arrays.equals(ffm, jni)) {
                throw new IllegalStateException("bindings disagree: " + java.util.Arrays.toString(ffm)
                        + " vs " + java.util.Arrays.toString(jni));
            }
        }
    }

    /**
     * Closes everything.
     *
     * @throws OrtException if the JNI binding fails to close
     */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        ffmBinding.close();
        ffmPrepared.close();
        ffmInput.close();
        ffmOutput.close();
        ffmSession.close();
        ffmEnv.close();
        jniInput.close();
        jniOutput.close();
        jniSession.close();
    }

    /**
     * FFM, copy-free: one {@code Run} into the preallocated output.
     *
     * @return an output element
     */
    @Benchmark
    public float ffmPreparedRun() {
        ffmPrepared.run();
        return ffmOutput.data().getAtIndex(ValueLayout.JAVA_FLOAT, 1);
    }

    /**
     * FFM, copy-free through {@code RunWithBinding}.
     *
     * @return an output element
     */
    @Benchmark
    public float ffmIoBindingRun() {
        ffmBinding.run();
        return ffmOutput.data().getAtIndex(ValueLayout.JAVA_FLOAT, 1);
    }

    /**
     * FFM, ORT allocates the output; read one element and release it.
     *
     * @return an output element
     */
    @Benchmark
    public float ffmRunAllocating() {
        try (RunResult result = ffmSession.run(ffmFeeds)) {
            return result.get(0).data().getAtIndex(ValueLayout.JAVA_FLOAT, 1);
        }
    }

    /**
     * JNI, copy-free: {@code run(inputs, pinnedOutputs)} into a direct-buffer tensor.
     *
     * @return an output element
     * @throws OrtException on failure
     */
    @Benchmark
    public float jniPinnedRun() throws OrtException {
        try (OrtSession.Result ignored = jniSession.run(jniFeeds, jniPinned)) {
            // The pinned tensor shares the direct buffer (getFloatBuffer() would copy).
            return jniOutputBuffer.get(1);
        }
    }

    /**
     * JNI, idiomatic: {@code run(Map)}, read one element, close the result.
     *
     * @return an output element
     * @throws OrtException on failure
     */
    @Benchmark
    public float jniRunAllocating() throws OrtException {
        try (OrtSession.Result result = jniSession.run(jniFeeds)) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(1);
        }
    }
}
