package io.streamcream.nativebindings.ort;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

class SessionTest {
    private static Environment env;

    @BeforeAll
    static void createEnvironment() {
        env = Environment.create();
    }

    @AfterAll
    static void closeEnvironment() {
        env.close();
    }

    @Test
    void runsAModelLoadedFromBytes() {
        try (Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(8));
             Tensor x = Tensor.ofFloats(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 8);
             RunResult result = session.run(Map.of("x", x))) {
            assertThat(result.names(), contains("y"));
            assertThat(result.get("y").shape(), is(new long[] {1, 8}));
            assertThat(result.get(0).toFloatArray(), is(new float[] {0, 11, 22, 33, 44, 55, 66, 77}));
        }
    }

    @Test
    void runsAModelLoadedFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mlp.onnx");
        Files.write(file, OnnxModelBuilder.matMulAddRelu());
        try (SessionOptions options = OrtTestSupport.singleThreaded();
             Session session = env.createSession(file, options);
             Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
             RunResult result = session.run(Map.of("x", x))) {
            // [1,2]·W + b = [7.5, -90] -> relu [7.5, 0]; [3,4]·W + b = [15.5, -78] -> [15.5, 0]
            assertThat(result.get("y").toFloatArray(), is(new float[] {7.5f, 0f, 15.5f, 0f}));
        }
    }

    @Test
    void loadsAModelFromNativeMemory() {
        byte[] bytes = OnnxModelBuilder.addConstant(2);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment model = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            try (SessionOptions options = OrtTestSupport.singleThreaded();
                 Session session = env.createSession(model, options);
                 Tensor x = Tensor.ofFloats(new float[] {1, 1}, 1, 2);
                 RunResult result = session.run(Map.of("x", x))) {
                assertThat(result.get(0).toFloatArray(), is(new float[] {1, 11}));
            }
        }
    }

    @Test
    void exposesInputOutputMetadataAndModelMetadata() {
        byte[] model = OnnxModelBuilder.graph("meta-graph")
                .info("streamcream-producer", "io.streamcream.meta", "a test model", 42)
                .metadata("voice", "alice")
                .input("tokens", OnnxModelBuilder.INT64, "batch", "seq")
                .input("scale", FLOAT, 1L)
                .output("out", OnnxModelBuilder.INT64, "batch", "seq")
                .node("Identity", List.of("tokens"), List.of("out"))
                .build();
        try (Session session = OrtTestSupport.session(env, model)) {
            assertThat(session.inputNames(), contains("tokens", "scale"));
            assertThat(session.outputNames(), contains("out"));
            NodeInfo tokens = session.inputs().get(0);
            assertThat(tokens.valueType(), is(ValueType.TENSOR));
            assertThat(tokens.elementType(), is(ElementType.INT64));
            assertThat(tokens.shape(), contains(-1L, -1L));
            assertThat(tokens.dimensionNames(), contains("batch", "seq"));
            NodeInfo scale = session.inputs().get(1);
            assertThat(scale.elementType(), is(ElementType.FLOAT));
            assertThat(scale.shape(), contains(1L));
            ModelMetadata meta = session.metadata();
            assertThat(meta.producerName(), is("streamcream-producer"));
            assertThat(meta.graphName(), is("meta-graph"));
            assertThat(meta.domain(), is("io.streamcream.meta"));
            assertThat(meta.description(), is("a test model"));
            assertThat(meta.version(), is(42L));
            assertThat(session.customMetadata("voice"), is(Optional.of("alice")));
            assertThat(session.customMetadata("missing"), is(Optional.empty()));
        }
    }

    @Test
    void inputTensorsShareJavaMemoryWithoutCopies() {
        try (Arena arena = Arena.ofShared();
             Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4))) {
            MemorySegment data = arena.allocate(ValueLayout.JAVA_FLOAT, 4);
            try (Tensor x = Tensor.wrap(data, ElementType.FLOAT, 1, 4)) {
                assertThat(x.data().address(), is(data.address()));
                try (RunResult first = session.run(Map.of("x", x))) {
                    assertThat(first.get(0).toFloatArray(), is(new float[] {0, 10, 20, 30}));
                }
                data.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 1000f);
                try (RunResult second = session.run(Map.of("x", x))) {
                    assertThat(second.get(0).toFloatArray(), is(new float[] {1000, 10, 20, 30}));
                }
            }
        }
    }

    @Test
    void runsIntoPreallocatedOutputs() {
        try (Session session = OrtTestSupport.session(env, OnnxModelBuilder.addConstant(4));
             Tensor x = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4);
             Tensor y = Tensor.allocate(ElementType.FLOAT, 1, 4)) {
            MemorySegment before = y.data();
            session.runInto(Map.of("x", x), Map.of("y", y));
            assertThat(y.toFloatArray(), is(new float[] {1, 12, 23, 34}));
            assertThat(y.data().address(), is(before.address()));

            try (PreparedRun prepared = session.prepare(Map.of("x", x), Map.of("y", y))) {
                for (int i = 0; i < 100; i++) {
                    x.data().setAtIndex(ValueLayout.JAVA_FLOAT, 3, i);
                    prepared.run();
                    assertThat(y.data().getAtIndex(ValueLayout.JAVA_FLOAT, 3), is(30f + i));
                }
            }
        }
    }

    @Test
    void runsWithOptionsAndASubsetOfOutputs() {
        byte[] model = OnnxModelBuilder.graph("two-outputs").input("x", FLOAT, 1L, 2L)
                .output("double", FLOAT, 1L, 2L).output("square", FLOAT, 1L, 2L)
                .node("Add", List.of("x", "x"), List.of("double"))
                .node("Mul", List.of("x", "x"), List.of("square"))
                .build();
        try (Session session = OrtTestSupport.session(env, model);
             RunOptions options = RunOptions.create().tag("subset").logSeverity(LoggingLevel.ERROR);
             Tensor x = Tensor.ofFloats(new float[] {3, 4}, 1, 2);
             RunResult result = session.run(Map.of("x", x), List.of("square"), options)) {
            assertThat(options.tag(), is("subset"));
            assertThat(result.names(), contains("square"));
            assertThat(result.get("square").toFloatArray(), is(new float[] {9, 16}));
        }
    }
}
