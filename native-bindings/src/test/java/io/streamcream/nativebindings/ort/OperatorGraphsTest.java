package io.streamcream.nativebindings.ort;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * The model builder produces the operators later issues need, and ORT computes them as expected.
 */
class OperatorGraphsTest {
    private static Environment env;

    @BeforeAll
    static void open() {
        env = Environment.create();
    }

    @AfterAll
    static void close() {
        env.close();
    }

    private static float[] run(byte[] model, Map<String, Tensor> feeds) {
        try (Session session = OrtTestSupport.session(env, model); RunResult r = session.run(feeds)) {
            return r.get(0).toFloatArray();
        } finally {
            feeds.values().forEach(Tensor::close);
        }
    }

    @Test
    void gatherEmbeddingRows() {
        byte[] model = OnnxModelBuilder.graph("embed").input("ids", INT64, 1L, 3L).output("e", FLOAT, 1L, 3L, 2L)
                .initializer("table", new float[] {0, 0, 1, 1, 2, 2, 3, 3}, 4, 2)
                .node("Gather", List.of("table", "ids"), List.of("e"), Map.of("axis", 0L))
                .build();
        assertThat(run(model, Map.of("ids", Tensor.ofLongs(new long[] {3, 0, 2}, 1, 3))),
                is(new float[] {3, 3, 0, 0, 2, 2}));
    }

    @Test
    void concatAlongTheLastAxis() {
        byte[] model = OnnxModelBuilder.graph("concat").input("a", FLOAT, 2L, 1L).input("b", FLOAT, 2L, 2L)
                .output("c", FLOAT, 2L, 3L)
                .node("Concat", List.of("a", "b"), List.of("c"), Map.of("axis", -1L))
                .build();
        assertThat(run(model, Map.of("a", Tensor.ofFloats(new float[] {1, 2}, 2, 1),
                        "b", Tensor.ofFloats(new float[] {3, 4, 5, 6}, 2, 2))),
                is(new float[] {1, 3, 4, 2, 5, 6}));
    }

    @Test
    void softmax() {
        byte[] model = OnnxModelBuilder.graph("softmax").input("x", FLOAT, 1L, 3L).output("p", FLOAT, 1L, 3L)
                .node("Softmax", List.of("x"), List.of("p"), Map.of("axis", -1L))
                .build();
        float[] p = run(model, Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3)));
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        for (int i = 0; i < 3; i++) {
            assertThat((double) p[i], closeTo(Math.exp(i + 1) / sum, 1e-6));
        }
    }

    @Test
    void layerNormalization() {
        byte[] model = OnnxModelBuilder.graph("ln").input("x", FLOAT, 1L, 4L).output("y", FLOAT, 1L, 4L)
                .initializer("gamma", new float[] {1, 1, 2, 2}, 4)
                .initializer("beta", new float[] {0, 0, 0, 1}, 4)
                .node("LayerNormalization", List.of("x", "gamma", "beta"), List.of("y"),
                        Map.of("axis", -1L, "epsilon", 1e-5f))
                .build();
        float[] y = run(model, Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)));
        double mean = 2.5;
        double std = Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 4 + 1e-5);
        double[] expected = {(1 - mean) / std, (2 - mean) / std, 2 * (3 - mean) / std, 2 * (4 - mean) / std + 1};
        for (int i = 0; i < 4; i++) {
            assertThat((double) y[i], closeTo(expected[i], 1e-5));
        }
    }

    @Test
    void reshapeThenTranspose() {
        byte[] model = OnnxModelBuilder.graph("rt").input("x", FLOAT, 6L).output("t", FLOAT, 3L, 2L)
                .initializer("shape", new long[] {2, 3}, 2)
                .node("Reshape", List.of("x", "shape"), List.of("m"))
                .node("Transpose", List.of("m"), List.of("t"), Map.of("perm", new long[] {1, 0}))
                .build();
        assertThat(run(model, Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 6))),
                is(new float[] {1, 4, 2, 5, 3, 6}));
    }

    @Test
    void conv1dAsConv() {
        // [1,1,5] signal, kernel [1,1,3] = [1,0,-1], padding 1: a discrete derivative.
        byte[] model = OnnxModelBuilder.graph("conv").input("x", FLOAT, 1L, 1L, 5L).output("y", FLOAT, 1L, 1L, 5L)
                .initializer("w", new float[] {1, 0, -1}, 1, 1, 3)
                .node("Conv", List.of("x", "w"), List.of("y"),
                        Map.of("pads", new long[] {1, 1}, "kernel_shape", new long[] {3}))
                .build();
        assertThat(run(model, Map.of("x", Tensor.ofFloats(new float[] {1, 2, 4, 8, 16}, 1, 1, 5))),
                is(new float[] {-2, -3, -6, -12, 8}));
    }
}
