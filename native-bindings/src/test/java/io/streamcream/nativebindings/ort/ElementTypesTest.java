package io.streamcream.nativebindings.ort;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.BOOL;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.DOUBLE;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT16;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT32;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * The element types GPT-SoVITS uses: float32, float16, int64, int32, bool (plus double).
 */
class ElementTypesTest {
    private static Environment env;

    @BeforeAll
    static void open() {
        env = Environment.create();
    }

    @AfterAll
    static void close() {
        env.close();
    }

    private static Session unary(String op, int inType, int outType, Map<String, Object> attributes) {
        byte[] model = OnnxModelBuilder.graph(op).input("a", inType, 4L).output("out", outType, 4L)
                .node(op, List.of("a"), List.of("out"), attributes).build();
        return OrtTestSupport.session(env, model);
    }

    private static Session binary(String op, int type) {
        byte[] model = OnnxModelBuilder.graph(op).input("a", type, 4L).input("b", type, 4L).output("out", type, 4L)
                .node(op, List.of("a", "b"), List.of("out")).build();
        return OrtTestSupport.session(env, model);
    }

    @Test
    void float16InAndOut() {
        try (Session identity = unary("Identity", FLOAT16, FLOAT16, Map.of());
             Session cast = unary("Cast", FLOAT16, FLOAT, Map.of("to", (long) FLOAT));
             Tensor a = Tensor.ofFloat16(new float[] {0.5f, -2f, 1024f, 0.099975586f}, 4);
             RunResult same = identity.run(Map.of("a", a));
             RunResult widened = cast.run(Map.of("a", a))) {
            assertThat(identity.inputs().getFirst().elementType(), is(ElementType.FLOAT16));
            assertThat(same.get(0).elementType(), is(ElementType.FLOAT16));
            assertThat(same.get(0).float16ToFloatArray(), is(new float[] {0.5f, -2f, 1024f, 0.099975586f}));
            assertThat(widened.get(0).toFloatArray(), is(new float[] {0.5f, -2f, 1024f, 0.099975586f}));
        }
    }

    @Test
    void int64() {
        try (Session add = binary("Add", INT64);
             Tensor a = Tensor.ofLongs(new long[] {1, Long.MAX_VALUE - 1, -5, 40_000_000_000L}, 4);
             Tensor b = Tensor.ofLongs(new long[] {1, 1, 5, 2}, 4);
             RunResult r = add.run(Map.of("a", a, "b", b))) {
            assertThat(r.get(0).toLongArray(), is(new long[] {2, Long.MAX_VALUE, 0, 40_000_000_002L}));
        }
    }

    @Test
    void int32() {
        try (Session mul = binary("Mul", INT32);
             Tensor a = Tensor.ofInts(new int[] {1, 2, 3, -4}, 4);
             Tensor b = Tensor.ofInts(new int[] {5, 6, 7, 8}, 4);
             RunResult r = mul.run(Map.of("a", a, "b", b))) {
            assertThat(r.get(0).elementType(), is(ElementType.INT32));
            assertThat(r.get(0).toIntArray(), is(new int[] {5, 12, 21, -32}));
        }
    }

    @Test
    void bool() {
        try (Session not = unary("Not", BOOL, BOOL, Map.of());
             Tensor a = Tensor.ofBooleans(new boolean[] {true, false, false, true}, 4);
             RunResult r = not.run(Map.of("a", a))) {
            assertThat(r.get(0).toBooleanArray(), is(new boolean[] {false, true, true, false}));
        }
    }

    @Test
    void doubleAndWrappedMemory() {
        try (Arena arena = Arena.ofConfined();
             Session add = binary("Add", DOUBLE)) {
            MemorySegment a = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 0.25, 0.5, 1, 2);
            try (Tensor ta = Tensor.wrap(a, ElementType.DOUBLE, 4);
                 Tensor tb = Tensor.wrap(a, ElementType.DOUBLE, 4);
                 RunResult r = add.run(Map.of("a", ta, "b", tb))) {
                assertThat(r.get(0).toDoubleArray(), is(new double[] {0.5, 1, 2, 4}));
            }
        }
    }
}
