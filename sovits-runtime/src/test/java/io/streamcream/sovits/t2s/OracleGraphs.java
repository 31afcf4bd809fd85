package io.streamcream.sovits.t2s;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;

import java.util.List;
import java.util.Map;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * Tiny T2S graphs with the runtime's exact IO whose logits are forced: a peak of 10 at a chosen token plus a small
 * descending ramp that breaks ties (so token 0 wins when the peak is at the removed EOS column).
 */
final class OracleGraphs {
    static final int VOCAB = 1025;
    static final int EOS = 1024;

    private OracleGraphs() {
    }

    private static float[] ramp() {
        float[] r = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            r[i] = -0.001f * i;
        }
        return r;
    }

    /** Prefill: logits peak at {@code first}; k and v are -1 with shape [N+P, L, D]. */
    static byte[] prefill(int first, int layers, int width) {
        float[] logits = ramp();
        logits[first] += 10f;
        return OnnxModelBuilder.graph("t2s_prefill")
                .input("phoneme_ids", INT64, 1L, "N").input("bert", FLOAT, 1L, 1024L, "N").input("prompts", INT64, 1L, "P")
                .output("logits", FLOAT, 1L, (long) VOCAB)
                .output("k", FLOAT, "S", (long) layers, (long) width).output("v", FLOAT, "S", (long) layers, (long) width)
                .initializer("fixed_logits", logits, 1, VOCAB)
                .initializer("minus_one", new float[] {-1f}, 1)
                .initializer("lw", new long[] {layers, width}, 2)
                .node("Identity", List.of("fixed_logits"), List.of("logits"))
                .node("Shape", List.of("phoneme_ids"), List.of("n"), Map.of("start", 1L))
                .node("Shape", List.of("prompts"), List.of("p"), Map.of("start", 1L))
                .node("Add", List.of("n", "p"), List.of("s"))
                .node("Concat", List.of("s", "lw"), List.of("shape"), Map.of("axis", 0L))
                .node("Expand", List.of("minus_one", "shape"), List.of("k"))
                .node("Expand", List.of("minus_one", "shape"), List.of("v"))
                .build();
    }

    /**
     * Step: the peak is at {@code table[2·pos − (S − n)]} (equal to {@code table[pos]} only when both {@code pos}
     * and the bound cache length S = n + pos are right); {@code k_new} is the fed token, {@code v_new} is S.
     */
    static byte[] step(long[] table, int n, int layers, int width) {
        long[] arange = new long[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            arange[i] = i;
        }
        return OnnxModelBuilder.graph("t2s_step")
                .input("token", INT64, 1L, 1L).input("pos", INT64, 1L)
                .input("k_cache", FLOAT, "S", (long) layers, (long) width)
                .input("v_cache", FLOAT, "S", (long) layers, (long) width)
                .output("logits", FLOAT, 1L, (long) VOCAB)
                .output("k_new", FLOAT, 1L, (long) layers, (long) width)
                .output("v_new", FLOAT, 1L, (long) layers, (long) width)
                .initializer("table", table, table.length)
                .initializer("arange", arange, VOCAB)
                .initializer("ramp", ramp(), 1, VOCAB)
                .initializer("ten", new float[] {10f}, 1)
                .initializer("two", new long[] {2}, 1)
                .initializer("n_const", new long[] {n}, 1)
                .initializer("logit_shape", new long[] {1, VOCAB}, 2)
                .initializer("row_shape", new long[] {1, layers, width}, 3)
                .initializer("one_one_one", new long[] {1, 1, 1}, 3)
                .node("Shape", List.of("k_cache"), List.of("s"), Map.of("start", 0L, "end", 1L))
                .node("Mul", List.of("pos", "two"), List.of("pos2"))
                .node("Sub", List.of("s", "n_const"), List.of("filled_steps"))
                .node("Sub", List.of("pos2", "filled_steps"), List.of("index"))
                .node("Gather", List.of("table", "index"), List.of("target"), Map.of("axis", 0L))
                .node("Equal", List.of("arange", "target"), List.of("hit"))
                .node("Cast", List.of("hit"), List.of("hit_f"), Map.of("to", (long) FLOAT))
                .node("Mul", List.of("hit_f", "ten"), List.of("peak"))
                .node("Reshape", List.of("peak", "logit_shape"), List.of("peak2"))
                .node("Add", List.of("peak2", "ramp"), List.of("logits"))
                .node("Cast", List.of("token"), List.of("token_f"), Map.of("to", (long) FLOAT))
                .node("Reshape", List.of("token_f", "one_one_one"), List.of("token_3d"))
                .node("Expand", List.of("token_3d", "row_shape"), List.of("k_new"))
                .node("Cast", List.of("s"), List.of("s_f"), Map.of("to", (long) FLOAT))
                .node("Reshape", List.of("s_f", "one_one_one"), List.of("s_3d"))
                .node("Expand", List.of("s_3d", "row_shape"), List.of("v_new"))
                .build();
    }
}
