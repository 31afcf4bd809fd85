package io.streamcream.sovits.testing;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;

import java.util.List;
import java.util.Map;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * Tiny graphs with the bundle contract's exact names, element types and ranks, and predictable outputs:
 * <ul>
 *   <li>{@code ssl}: {@code ssl[0,0,t]} = Σ|audio| over samples {@code 320t..320t+319}, other channels 0;</li>
 *   <li>{@code vq_encoder}: {@code codes[t]} = ⌊ssl[2t] + ssl[2t+1]⌋ mod 1024 (channel 0);</li>
 *   <li>{@code t2s_prefill}: first token = Σ prompts mod 1000; k and v rows hold P;</li>
 *   <li>{@code t2s_step}: next token = (token + 1) mod 1000, EOS once {@code pos − P ≥ length − 1}, so a request
 *       yields exactly {@code length} tokens;</li>
 *   <li>{@code vits}: 1280 samples of {@code code / 1000} per token;</li>
 *   <li>{@code bert}: {@code hidden[0,i,:]} = input id i.</li>
 * </ul>
 */
public final class TinyGraphs {
    /** Logits width. */
    public static final int VOCAB = 1025;
    /** Channels of the tiny ssl features. */
    public static final int SSL_CHANNELS = 8;
    /** T2S layers. */
    public static final int LAYERS = 2;
    /** T2S width. */
    public static final int WIDTH = 4;
    /** VITS noise channels. */
    public static final int NOISE = 3;

    private TinyGraphs() {
    }

    private static float[] ramp() {
        float[] r = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            r[i] = -0.001f * i;
        }
        return r;
    }

    private static long[] arange() {
        long[] a = new long[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            a[i] = i;
        }
        return a;
    }

    /** @return the ssl graph ({@code audio16k} → {@code ssl}) */
    public static byte[] ssl() {
        float[] w = new float[SSL_CHANNELS * 320];
        for (int k = 0; k < 320; k++) {
            w[k] = 1f;
        }
        return OnnxModelBuilder.graph("ssl")
                .input("audio16k", FLOAT, 1L, "N").output("ssl", FLOAT, 1L, (long) SSL_CHANNELS, "T")
                .initializer("w", w, SSL_CHANNELS, 1, 320)
                .initializer("axis1", new long[] {1}, 1)
                .node("Abs", List.of("audio16k"), List.of("a"))
                .node("Unsqueeze", List.of("a", "axis1"), List.of("a3"))
                .node("Conv", List.of("a3", "w"), List.of("ssl"), Map.of("strides", new long[] {320}, "kernel_shape", new long[] {320}))
                .build();
    }

    /** @return the vq_encoder graph ({@code ssl} → {@code codes}) */
    public static byte[] vqEncoder() {
        float[] w = new float[SSL_CHANNELS * 2];
        w[0] = 1f;
        w[1] = 1f;
        return OnnxModelBuilder.graph("vq")
                .input("ssl", FLOAT, 1L, (long) SSL_CHANNELS, "T").output("codes", INT64, 1L, 1L, "T2")
                .initializer("w", w, 1, SSL_CHANNELS, 2)
                .initializer("m", new long[] {1024}, 1)
                .node("Conv", List.of("ssl", "w"), List.of("c"), Map.of("strides", new long[] {2}, "kernel_shape", new long[] {2}))
                .node("Floor", List.of("c"), List.of("f"))
                .node("Cast", List.of("f"), List.of("i"), Map.of("to", (long) INT64))
                .node("Mod", List.of("i", "m"), List.of("codes"))
                .build();
    }

    /** @return the prefill graph */
    public static byte[] prefill() {
        return OnnxModelBuilder.graph("t2s_prefill")
                .input("phoneme_ids", INT64, 1L, "N").input("bert", FLOAT, 1L, 1024L, "N").input("prompts", INT64, 1L, "P")
                .output("logits", FLOAT, 1L, (long) VOCAB)
                .output("k", FLOAT, "S", (long) LAYERS, (long) WIDTH).output("v", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .initializer("ramp", ramp(), 1, VOCAB)
                .initializer("arange", arange(), VOCAB)
                .initializer("thousand", new long[] {1000}, 1)
                .initializer("ten", new float[] {10f}, 1)
                .initializer("lw", new long[] {LAYERS, WIDTH}, 2)
                .initializer("logit_shape", new long[] {1, VOCAB}, 2)
                .initializer("zero", new long[] {0}, 1)
                .node("ReduceSum", List.of("prompts"), List.of("sum"), Map.of("keepdims", 0L))
                .node("Add", List.of("sum", "zero"), List.of("sum1"))
                .node("Mod", List.of("sum1", "thousand"), List.of("target"))
                .node("Equal", List.of("arange", "target"), List.of("hit"))
                .node("Cast", List.of("hit"), List.of("hit_f"), Map.of("to", (long) FLOAT))
                .node("Mul", List.of("hit_f", "ten"), List.of("peak"))
                .node("Reshape", List.of("peak", "logit_shape"), List.of("peak2"))
                .node("Add", List.of("peak2", "ramp"), List.of("logits"))
                .node("Shape", List.of("phoneme_ids"), List.of("n"), Map.of("start", 1L))
                .node("Shape", List.of("prompts"), List.of("p"), Map.of("start", 1L))
                .node("Add", List.of("n", "p"), List.of("s"))
                .node("Concat", List.of("s", "lw"), List.of("shape"), Map.of("axis", 0L))
                .node("Cast", List.of("p"), List.of("p_f"), Map.of("to", (long) FLOAT))
                .node("Expand", List.of("p_f", "shape"), List.of("k"))
                .node("Expand", List.of("p_f", "shape"), List.of("v"))
                .build();
    }

    /**
     * @param length tokens per request (at least 11 so EOS is allowed)
     * @return the step graph
     */
    public static byte[] step(int length) {
        return OnnxModelBuilder.graph("t2s_step")
                .input("token", INT64, 1L, 1L).input("pos", INT64, 1L)
                .input("k_cache", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .input("v_cache", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .output("logits", FLOAT, 1L, (long) VOCAB)
                .output("k_new", FLOAT, 1L, (long) LAYERS, (long) WIDTH)
                .output("v_new", FLOAT, 1L, (long) LAYERS, (long) WIDTH)
                .initializer("ramp", ramp(), 1, VOCAB)
                .initializer("arange", arange(), VOCAB)
                .initializer("one", new long[] {1}, 1)
                .initializer("thousand", new long[] {1000}, 1)
                .initializer("last", new long[] {length - 1}, 1)
                .initializer("eos", new long[] {VOCAB - 1}, 1)
                .initializer("ten", new float[] {10f}, 1)
                .initializer("logit_shape", new long[] {1, VOCAB}, 2)
                .initializer("row_shape", new long[] {1, LAYERS, WIDTH}, 3)
                .node("ReduceMax", List.of("k_cache"), List.of("p_f"), Map.of("keepdims", 0L))
                .node("Cast", List.of("p_f"), List.of("p"), Map.of("to", (long) INT64))
                .node("Sub", List.of("pos", "p"), List.of("idx"))
                .node("GreaterOrEqual", List.of("idx", "last"), List.of("stop"))
                .node("Reshape", List.of("token", "one"), List.of("tok1"))
                .node("Add", List.of("tok1", "one"), List.of("next0"))
                .node("Mod", List.of("next0", "thousand"), List.of("next"))
                .node("Where", List.of("stop", "eos", "next"), List.of("target"))
                .node("Equal", List.of("arange", "target"), List.of("hit"))
                .node("Cast", List.of("hit"), List.of("hit_f"), Map.of("to", (long) FLOAT))
                .node("Mul", List.of("hit_f", "ten"), List.of("peak"))
                .node("Reshape", List.of("peak", "logit_shape"), List.of("peak2"))
                .node("Add", List.of("peak2", "ramp"), List.of("logits"))
                .node("Expand", List.of("p_f", "row_shape"), List.of("k_new"))
                .node("Expand", List.of("p_f", "row_shape"), List.of("v_new"))
                .build();
    }

    /** @return the vits graph: 1280 samples of {@code code/1000} per token */
    public static byte[] vits() {
        return tokenAudio(OnnxModelBuilder.graph("vits")
                .input("pred_semantic", INT64, 1L, 1L, "T").input("text_seq", INT64, 1L, "Nt")
                .input("refer_spec", FLOAT, 1L, 1025L, "F").input("noise", FLOAT, 1L, (long) NOISE, "Tz")
                .input("speed", FLOAT, 1L)
                .output("audio", FLOAT, 1L, 1L, "L"), "audio")
                .build();
    }

    /**
     * Adds the nodes that turn {@code pred_semantic} into 1280 samples of {@code code/1000} per token.
     *
     * @param graph  a vits graph with the {@code pred_semantic} input
     * @param output name of the [1, 1, 1280·T] result
     * @return the graph
     */
    private static OnnxModelBuilder tokenAudio(OnnxModelBuilder graph, String output) {
        return graph
                .initializer("thousand", new float[] {1000f}, 1)
                .initializer("axis3", new long[] {3}, 1)
                .initializer("rep", new long[] {1, 1, 1, 1280}, 4)
                .initializer("flat", new long[] {1, 1, -1}, 3)
                .node("Cast", List.of("pred_semantic"), List.of("c"), Map.of("to", (long) FLOAT))
                .node("Div", List.of("c", "thousand"), List.of("u"))
                .node("Unsqueeze", List.of("u", "axis3"), List.of("u4"))
                .node("Expand", List.of("u4", "rep"), List.of("e"))
                .node("Reshape", List.of("e", "flat"), List.of(output));
    }

    /** Width of the tiny speaker embedding. */
    public static final int SV_WIDTH = 80;

    /** @return an sv graph: {@code sv_emb} = the mean fbank row (one value per mel bin) */
    public static byte[] sv() {
        return OnnxModelBuilder.graph("sv")
                .input("fbank", FLOAT, 1L, "F", 80L)
                .output("sv_emb", FLOAT, 1L, (long) SV_WIDTH)
                .node("ReduceMean", List.of("fbank"), List.of("sv_emb"), Map.of("axes", new long[] {1}, "keepdims", 0L))
                .build();
    }

    /** @return a v2Pro vits graph: {@link #vits()}'s audio plus the mean of {@code sv_emb} over its values */
    public static byte[] vitsPro() {
        return tokenAudio(OnnxModelBuilder.graph("vits_pro")
                .input("pred_semantic", INT64, 1L, 1L, "T").input("text_seq", INT64, 1L, "Nt")
                .input("refer_spec", FLOAT, 1L, 1025L, "F").input("noise", FLOAT, 1L, (long) NOISE, "Tz")
                .input("speed", FLOAT, 1L).input("sv_emb", FLOAT, 1L, (long) SV_WIDTH)
                .output("audio", FLOAT, 1L, 1L, "L"), "tokens")
                .node("ReduceMean", List.of("sv_emb"), List.of("offset"), Map.of("keepdims", 0L))
                .node("Add", List.of("tokens", "offset"), List.of("audio"))
                .build();
    }

    /** Width of the tiny style vector. */
    public static final int STYLE_WIDTH = 4;
    /** Scale of {@link #refEncoder()}'s output. */
    public static final float STYLE_SCALE = 0.01f;

    /** @return a ref_encoder graph: every {@code ge} value is {@value #STYLE_SCALE} × the mean of {@code refer_spec} */
    public static byte[] refEncoder() {
        return OnnxModelBuilder.graph("ref_encoder")
                .input("refer_spec", FLOAT, 1L, 1025L, "F")
                .output("ge", FLOAT, 1L, (long) STYLE_WIDTH, 1L)
                .initializer("scale", new float[] {STYLE_SCALE}, 1)
                .initializer("shape", new long[] {1, STYLE_WIDTH, 1}, 3)
                .node("ReduceMean", List.of("refer_spec"), List.of("m"), Map.of("axes", new long[] {1, 2}, "keepdims", 1L))
                .node("Mul", List.of("m", "scale"), List.of("ms"))
                .node("Expand", List.of("ms", "shape"), List.of("ge"))
                .build();
    }

    /** @return a vits graph taking {@code ge}: 1280 samples per token, each the mean of {@code ge} */
    public static byte[] vitsStyle() {
        return OnnxModelBuilder.graph("vits_style")
                .input("pred_semantic", INT64, 1L, 1L, "T").input("text_seq", INT64, 1L, "Nt")
                .input("ge", FLOAT, 1L, (long) STYLE_WIDTH, 1L).input("noise", FLOAT, 1L, (long) NOISE, "Tz")
                .input("speed", FLOAT, 1L)
                .output("audio", FLOAT, 1L, 1L, "L")
                .initializer("zero", new float[] {0f}, 1)
                .initializer("rep", new long[] {1, 1, 1, 1280}, 4)
                .initializer("flat", new long[] {1, 1, -1}, 3)
                .initializer("axis3", new long[] {3}, 1)
                .node("Cast", List.of("pred_semantic"), List.of("c"), Map.of("to", (long) FLOAT))
                .node("ReduceMean", List.of("ge"), List.of("g"), Map.of("keepdims", 0L))
                .node("Mul", List.of("c", "zero"), List.of("c0"))
                .node("Add", List.of("c0", "g"), List.of("u"))
                .node("Unsqueeze", List.of("u", "axis3"), List.of("u4"))
                .node("Expand", List.of("u4", "rep"), List.of("e"))
                .node("Reshape", List.of("e", "flat"), List.of("audio"))
                .build();
    }

    /** @return a vits graph whose audio is {@code noise · speed} flattened (checks noise shape, scale and speed) */
    public static byte[] vitsNoiseEcho() {
        return OnnxModelBuilder.graph("vits_noise")
                .input("pred_semantic", INT64, 1L, 1L, "T").input("text_seq", INT64, 1L, "Nt")
                .input("refer_spec", FLOAT, 1L, 1025L, "F").input("noise", FLOAT, 1L, (long) NOISE, "Tz")
                .input("speed", FLOAT, 1L)
                .output("audio", FLOAT, 1L, 1L, "L")
                .initializer("flat", new long[] {1, 1, -1}, 3)
                .node("Mul", List.of("noise", "speed"), List.of("n"))
                .node("Reshape", List.of("n", "flat"), List.of("audio"))
                .build();
    }

    /**
     * @param vocabSize rows of the embedding
     * @return a bert graph: {@code hidden[0,i,:]} = input_ids[i]
     */
    public static byte[] bert(int vocabSize) {
        float[] table = new float[vocabSize * 1024];
        for (int i = 0; i < vocabSize; i++) {
            java.util.Arrays.fill(table, i * 1024, (i + 1) * 1024, i);
        }
        return OnnxModelBuilder.graph("bert")
                .input("input_ids", INT64, 1L, "L").input("attention_mask", INT64, 1L, "L")
                .input("token_type_ids", INT64, 1L, "L")
                .output("hidden", FLOAT, 1L, "L", 1024L)
                .initializer("table", table, vocabSize, 1024)
                .node("Gather", List.of("table", "input_ids"), List.of("hidden"), Map.of("axis", 0L))
                .build();
    }
}
