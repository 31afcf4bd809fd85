package io.streamcream.bench.sovits;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * The layers {@link V2SizeVits} is assembled from, each adding its nodes and random weights (uniform, variance
 * 1/fan-in) to one graph under a fresh name. Two layouts are used: "sequence" tensors {@code [1, T, C]} for matrix
 * products, attention and layer norms, and "channel" tensors {@code [1, C, T]} for convolutions, as in the PyTorch
 * model.
 */
final class GraphLayers {
    private final OnnxModelBuilder graph;
    private final SplittableRandom random;
    private int counter;

    GraphLayers(OnnxModelBuilder graph, long seed) {
        this.graph = graph;
        this.random = new SplittableRandom(seed);
    }

    OnnxModelBuilder graph() {
        return graph;
    }

    private String name(String kind) {
        return kind + counter++;
    }

    float[] weights(int n, double std) {
        float[] w = new float[n];
        double a = std * Math.sqrt(3);
        for (int i = 0; i < n; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * a);
        }
        return w;
    }

    /** Adds a node with one output named after its kind. */
    String node(String op, List<String> inputs, Map<String, Object> attributes) {
        String out = name(op.toLowerCase());
        graph.node(op, inputs, List.of(out), attributes);
        return out;
    }

    String node(String op, String... inputs) {
        return node(op, List.of(inputs), Map.of());
    }

    /** Swaps the last two axes: sequence ↔ channel layout. */
    String transpose(String in) {
        return node("Transpose", List.of(in), Map.of("perm", new long[] {0, 2, 1}));
    }

    /** Conv1d on a channel tensor, "same" padding. */
    String conv(String in, int cin, int cout, int kernel, int dilation) {
        String name = name("conv");
        int pad = dilation * (kernel - 1) / 2;
        graph.initializer(name + "_w", weights(cout * cin * kernel, 1 / Math.sqrt(cin * kernel)), cout, cin, kernel)
                .initializer(name + "_b", new float[cout], cout)
                .node("Conv", List.of(in, name + "_w", name + "_b"), List.of(name),
                        Map.of("kernel_shape", new long[] {kernel}, "pads", new long[] {pad, pad},
                                "dilations", new long[] {dilation}));
        return name;
    }

    /** A dense layer on a sequence tensor. */
    String linear(String in, int cin, int cout) {
        String name = name("linear");
        graph.initializer(name + "_w", weights(cin * cout, 1 / Math.sqrt(cin)), cin, cout)
                .initializer(name + "_b", new float[cout], cout);
        String product = node("MatMul", in, name + "_w");
        return node("Add", product, name + "_b");
    }

    /** LayerNorm over the channels of a sequence tensor. */
    String layerNorm(String in, int channels) {
        String name = name("ln");
        float[] ones = new float[channels];
        java.util.Arrays.fill(ones, 1f);
        graph.initializer(name + "_g", ones, channels).initializer(name + "_b", new float[channels], channels);
        return node("LayerNormalization", List.of(in, name + "_g", name + "_b"), Map.of("axis", -1L, "epsilon", 1e-5f));
    }

    /** Mish, {@code x·tanh(softplus(x))}. */
    String mish(String in) {
        return node("Mul", in, node("Tanh", node("Softplus", in)));
    }

    /** A constant float tensor. */
    String constant(float value) {
        String name = name("const");
        graph.initializer(name, new float[] {value}, 1);
        return name;
    }

    /** A constant int64 tensor. */
    String longs(long... values) {
        String name = name("shape");
        graph.initializer(name, values, values.length);
        return name;
    }

    /**
     * Multi-head dot-product attention between sequence tensors, with output projection.
     *
     * @param query    {@code [1, Tq, C]}
     * @param memory   {@code [1, Tk, C]}
     * @param channels C
     * @param heads    heads (C divisible)
     * @return {@code [1, Tq, C]}
     */
    String attention(String query, String memory, int channels, int heads) {
        int width = channels / heads;
        String split = longs(1, -1, heads, width);
        String q = node("Transpose", List.of(node("Reshape", linear(query, channels, channels), split)),
                Map.of("perm", new long[] {0, 2, 1, 3}));
        String k = node("Transpose", List.of(node("Reshape", linear(memory, channels, channels), split)),
                Map.of("perm", new long[] {0, 2, 3, 1}));
        String v = node("Transpose", List.of(node("Reshape", linear(memory, channels, channels), split)),
                Map.of("perm", new long[] {0, 2, 1, 3}));
        String scores = node("Mul", node("MatMul", q, k), constant((float) (1 / Math.sqrt(width))));
        String weights = node("Softmax", List.of(scores), Map.of("axis", -1L));
        String mixed = node("Transpose", List.of(node("MatMul", weights, v)), Map.of("perm", new long[] {0, 2, 1, 3}));
        return linear(node("Reshape", mixed, longs(1, -1, channels)), channels, channels);
    }

    /**
     * One layer of VITS's {@code attentions.Encoder}: self-attention and a convolutional feed-forward block
     * (kernel {@code kernel}, ReLU), each added back and layer-normed.
     *
     * @param x {@code [1, T, C]}
     * @return {@code [1, T, C]}
     */
    String encoderLayer(String x, int channels, int filter, int heads, int kernel) {
        String attended = layerNorm(node("Add", x, attention(x, x, channels, heads)), channels);
        String inner = node("Relu", conv(transpose(attended), channels, filter, kernel, 1));
        String ffn = transpose(conv(inner, filter, channels, kernel, 1));
        return layerNorm(node("Add", attended, ffn), channels);
    }

    /** {@code layers} encoder layers. */
    String encoder(String x, int layers, int channels, int filter, int heads, int kernel) {
        String h = x;
        for (int i = 0; i < layers; i++) {
            h = encoderLayer(h, channels, filter, heads, kernel);
        }
        return h;
    }

    /** Slices a channel tensor's channels {@code [from, to)}. */
    String channels(String in, int from, int to) {
        return node("Slice", in, longs(from), longs(to), longs(1));
    }
}
