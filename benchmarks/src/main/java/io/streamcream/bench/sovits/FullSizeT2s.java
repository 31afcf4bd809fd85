package io.streamcream.bench.sovits;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;
import io.streamcream.sovits.testing.TestBundles;

/**
 * GPT-SoVITS v2 T2S graphs at full size with random weights, in the bundle contract's IO (sovits-runtime README):
 * 24 post-norm transformer layers of width 512 with 16 heads and a 2048-wide ReLU feed-forward, phone embedding
 * (732 symbols), BERT projection (1024 → 512), audio embedding (1025), sinusoidal positions, and the 512 → 1025
 * prediction head, i.e. upstream's {@code Text2SemanticDecoder} compute per token (≈ 77 M parameters).
 * <ul>
 *   <li>{@code t2s_prefill}: phones + BERT + prompt tokens → logits of the next token and the position-major cache
 *       {@code k}, {@code v} [N+P, 24, 512] (attention over all rows; upstream's causal mask on the audio part does not
 *       change the cost);</li>
 *   <li>{@code t2s_step}: one token at position {@code pos} attending to the cache rows [S, 24, 512] plus itself →
 *       logits and this token's rows {@code k_new}, {@code v_new} [1, 24, 512].</li>
 * </ul>
 * Random weights would end decodes at random, so the EOS logit is fixed instead: −10⁴ in the prefill, and in the step
 * −10⁴ before audio position {@code eosAt} and +10⁴ from there on ({@code pos} = P + step index). A benchmark therefore
 * decodes exactly the tokens it asks for (or {@code eosAt − P} of them). Both graphs use the same seeded weights.
 */
final class FullSizeT2s {
    static final int LAYERS = 24;
    static final int WIDTH = 512;
    static final int HEADS = 16;
    static final int FFN = 2048;
    static final int VOCAB = 1025;
    static final int PHONES = 732;
    static final int BERT = 1024;
    static final int MAX_POSITIONS = 4096;

    private FullSizeT2s() {
    }

    private static float[] uniform(SplittableRandom random, int n, double std) {
        double a = std * Math.sqrt(3);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * a);
        }
        return w;
    }

    private static float[] filled(int n, float value) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, value);
        return w;
    }

    private static float[] sinusoids() {
        float[] table = new float[MAX_POSITIONS * WIDTH];
        for (int pos = 0; pos < MAX_POSITIONS; pos++) {
            for (int i = 0; i < WIDTH / 2; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / WIDTH);
                table[pos * WIDTH + 2 * i] = (float) Math.sin(angle);
                table[pos * WIDTH + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return table;
    }

    /** Weights and constants both graphs share. */
    private static OnnxModelBuilder common(String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OnnxModelBuilder b = OnnxModelBuilder.graph(name)
                .initializer("audio_emb", uniform(random, VOCAB * WIDTH, 0.5), VOCAB, WIDTH)
                .initializer("pos_table", sinusoids(), MAX_POSITIONS, WIDTH)
                .initializer("heads_shape", new long[] {-1, HEADS, WIDTH / HEADS}, 3)
                .initializer("rows_shape", new long[] {-1, WIDTH}, 2)
                .initializer("flat", new long[] {-1}, 1)
                .initializer("split3", new long[] {WIDTH, WIDTH, WIDTH}, 3)
                .initializer("axis1", new long[] {1}, 1)
                .initializer("scale", new float[] {(float) (1 / Math.sqrt(WIDTH / HEADS))}, 1);
        float[] headBias = filled(VOCAB, 0f);
        headBias[VOCAB - 1] = -1e4f;
        b.initializer("head_w", uniform(random, WIDTH * VOCAB, 0.05), WIDTH, VOCAB)
                .initializer("head_b", headBias, VOCAB);
        for (int l = 0; l < LAYERS; l++) {
            String p = "l" + l + "_";
            b.initializer(p + "qkv_w", uniform(random, WIDTH * 3 * WIDTH, 0.02), WIDTH, 3L * WIDTH)
                    .initializer(p + "qkv_b", filled(3 * WIDTH, 0f), 3L * WIDTH)
                    .initializer(p + "out_w", uniform(random, WIDTH * WIDTH, 0.02), WIDTH, WIDTH)
                    .initializer(p + "out_b", filled(WIDTH, 0f), WIDTH)
                    .initializer(p + "ln1_s", filled(WIDTH, 1f), WIDTH)
                    .initializer(p + "ln1_b", filled(WIDTH, 0f), WIDTH)
                    .initializer(p + "ff1_w", uniform(random, WIDTH * FFN, 0.02), WIDTH, FFN)
                    .initializer(p + "ff1_b", filled(FFN, 0f), FFN)
                    .initializer(p + "ff2_w", uniform(random, FFN * WIDTH, 0.02), FFN, WIDTH)
                    .initializer(p + "ff2_b", filled(WIDTH, 0f), WIDTH)
                    .initializer(p + "ln2_s", filled(WIDTH, 1f), WIDTH)
                    .initializer(p + "ln2_b", filled(WIDTH, 0f), WIDTH);
        }
        return b;
    }

    /**
     * One post-norm layer on {@code h} [R, 512]; {@code kAll}/{@code vAll} are the keys and values attended to
     * ([S, 512], the layer's own {@code k}/{@code v} outputs {@code <p>k}/{@code <p>v} when null).
     */
    private static String layer(OnnxModelBuilder b, int l, String h, String kAll, String vAll) {
        String p = "l" + l + "_";
        b.node("MatMul", List.of(h, p + "qkv_w"), List.of(p + "qkv0"))
                .node("Add", List.of(p + "qkv0", p + "qkv_b"), List.of(p + "qkv"))
                .node("Split", List.of(p + "qkv", "split3"), List.of(p + "q", p + "k", p + "v"), Map.of("axis", 1L));
        String keys = kAll == null ? p + "k" : kAll;
        String values = vAll == null ? p + "v" : vAll;
        b.node("Reshape", List.of(p + "q", "heads_shape"), List.of(p + "qh0"))
                .node("Transpose", List.of(p + "qh0"), List.of(p + "qh"), Map.of("perm", new long[] {1, 0, 2}))
                .node("Reshape", List.of(keys, "heads_shape"), List.of(p + "kh0"))
                .node("Transpose", List.of(p + "kh0"), List.of(p + "kh"), Map.of("perm", new long[] {1, 2, 0}))
                .node("Reshape", List.of(values, "heads_shape"), List.of(p + "vh0"))
                .node("Transpose", List.of(p + "vh0"), List.of(p + "vh"), Map.of("perm", new long[] {1, 0, 2}))
                .node("MatMul", List.of(p + "qh", p + "kh"), List.of(p + "sc0"))
                .node("Mul", List.of(p + "sc0", "scale"), List.of(p + "sc"))
                .node("Softmax", List.of(p + "sc"), List.of(p + "att"), Map.of("axis", -1L))
                .node("MatMul", List.of(p + "att", p + "vh"), List.of(p + "o0"))
                .node("Transpose", List.of(p + "o0"), List.of(p + "o1"), Map.of("perm", new long[] {1, 0, 2}))
                .node("Reshape", List.of(p + "o1", "rows_shape"), List.of(p + "o"))
                .node("MatMul", List.of(p + "o", p + "out_w"), List.of(p + "a0"))
                .node("Add", List.of(p + "a0", p + "out_b"), List.of(p + "a"))
                .node("Add", List.of(h, p + "a"), List.of(p + "r1"))
                .node("LayerNormalization", List.of(p + "r1", p + "ln1_s", p + "ln1_b"), List.of(p + "h1"),
                        Map.of("axis", -1L, "epsilon", 1e-5f))
                .node("MatMul", List.of(p + "h1", p + "ff1_w"), List.of(p + "f0"))
                .node("Add", List.of(p + "f0", p + "ff1_b"), List.of(p + "f1"))
                .node("Relu", List.of(p + "f1"), List.of(p + "f2"))
                .node("MatMul", List.of(p + "f2", p + "ff2_w"), List.of(p + "f3"))
                .node("Add", List.of(p + "f3", p + "ff2_b"), List.of(p + "f4"))
                .node("Add", List.of(p + "h1", p + "f4"), List.of(p + "r2"))
                .node("LayerNormalization", List.of(p + "r2", p + "ln2_s", p + "ln2_b"), List.of(p + "out"),
                        Map.of("axis", -1L, "epsilon", 1e-5f));
        return p + "out";
    }

    private static void stackRows(OnnxModelBuilder b, String suffix, String output) {
        List<String> rows = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            String p = "l" + l + "_";
            b.node("Unsqueeze", List.of(p + suffix, "axis1"), List.of(p + suffix + "_row"));
            rows.add(p + suffix + "_row");
        }
        b.node("Concat", rows, List.of(output), Map.of("axis", 1L));
    }

    /** @return the prefill graph */
    static byte[] prefill(long seed) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        OnnxModelBuilder b = common("t2s_prefill", seed)
                .input("phoneme_ids", INT64, 1L, "N").input("bert", FLOAT, 1L, (long) BERT, "N")
                .input("prompts", INT64, 1L, "P")
                .output("logits", FLOAT, 1L, (long) VOCAB)
                .output("k", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .output("v", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .initializer("phone_emb", uniform(random, PHONES * WIDTH, 0.5), PHONES, WIDTH)
                .initializer("bert_w", uniform(random, BERT * WIDTH, 0.02), BERT, WIDTH)
                .initializer("bert_rows", new long[] {-1, BERT}, 2)
                .initializer("zero", new long[] {0}, 1)
                .initializer("zero_s", new long[] {0}, new long[0])
                .initializer("one_s", new long[] {1}, new long[0])
                .initializer("last", new long[] {-1}, 1)
                .initializer("end", new long[] {Long.MAX_VALUE}, 1)
                .node("Reshape", List.of("phoneme_ids", "flat"), List.of("ids"))
                .node("Gather", List.of("phone_emb", "ids"), List.of("x_ph"))
                .node("Transpose", List.of("bert"), List.of("bert_t"), Map.of("perm", new long[] {0, 2, 1}))
                .node("Reshape", List.of("bert_t", "bert_rows"), List.of("bert_r"))
                .node("MatMul", List.of("bert_r", "bert_w"), List.of("x_bert"))
                .node("Add", List.of("x_ph", "x_bert"), List.of("x0"))
                .node("Shape", List.of("ids"), List.of("n_vec"))
                .node("Squeeze", List.of("n_vec"), List.of("n"))
                .node("Range", List.of("zero_s", "n", "one_s"), List.of("x_pos"))
                .node("Gather", List.of("pos_table", "x_pos"), List.of("x_pe"))
                .node("Add", List.of("x0", "x_pe"), List.of("x"))
                .node("Reshape", List.of("prompts", "flat"), List.of("prompt_ids"))
                .node("Gather", List.of("audio_emb", "prompt_ids"), List.of("y0"))
                .node("Shape", List.of("prompt_ids"), List.of("p_vec"))
                .node("Squeeze", List.of("p_vec"), List.of("p"))
                .node("Range", List.of("zero_s", "p", "one_s"), List.of("y_pos"))
                .node("Gather", List.of("pos_table", "y_pos"), List.of("y_pe"))
                .node("Add", List.of("y0", "y_pe"), List.of("y"))
                .node("Concat", List.of("x", "y"), List.of("h0"), Map.of("axis", 0L));
        String h = "h0";
        for (int l = 0; l < LAYERS; l++) {
            h = layer(b, l, h, null, null);
        }
        stackRows(b, "k", "k");
        stackRows(b, "v", "v");
        return b.node("Slice", List.of(h, "last", "end", "zero"), List.of("h_last"))
                .node("MatMul", List.of("h_last", "head_w"), List.of("logits0"))
                .node("Add", List.of("logits0", "head_b"), List.of("logits"))
                .build();
    }

    /**
     * @param seed  weight seed
     * @param eosAt audio position from which the step predicts EOS
     * @return the step graph
     */
    static byte[] step(long seed, long eosAt) {
        float[] eosColumn = new float[VOCAB];
        eosColumn[VOCAB - 1] = 1f;
        OnnxModelBuilder b = common("t2s_step", seed)
                .initializer("eos_at", new long[] {eosAt}, 1)
                .initializer("eos_column", eosColumn, 1, VOCAB)
                .initializer("eos_span", new float[] {2e4f}, 1)
                .input("token", INT64, 1L, 1L).input("pos", INT64, 1L)
                .input("k_cache", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .input("v_cache", FLOAT, "S", (long) LAYERS, (long) WIDTH)
                .output("logits", FLOAT, 1L, (long) VOCAB)
                .output("k_new", FLOAT, 1L, (long) LAYERS, (long) WIDTH)
                .output("v_new", FLOAT, 1L, (long) LAYERS, (long) WIDTH)
                .node("Reshape", List.of("token", "flat"), List.of("tok"))
                .node("Gather", List.of("audio_emb", "tok"), List.of("x0"))
                .node("Gather", List.of("pos_table", "pos"), List.of("pe"))
                .node("Add", List.of("x0", "pe"), List.of("h0"));
        String h = "h0";
        for (int l = 0; l < LAYERS; l++) {
            String p = "l" + l + "_";
            b.initializer(p + "index", new long[] {l}, new long[0])
                    .node("Gather", List.of("k_cache", p + "index"), List.of(p + "kc"), Map.of("axis", 1L))
                    .node("Gather", List.of("v_cache", p + "index"), List.of(p + "vc"), Map.of("axis", 1L))
                    .node("Concat", List.of(p + "kc", p + "k"), List.of(p + "kall"), Map.of("axis", 0L))
                    .node("Concat", List.of(p + "vc", p + "v"), List.of(p + "vall"), Map.of("axis", 0L));
            h = layer(b, l, h, p + "kall", p + "vall");
        }
        stackRows(b, "k", "k_new");
        stackRows(b, "v", "v_new");
        return b.node("MatMul", List.of(h, "head_w"), List.of("logits0"))
                .node("Add", List.of("logits0", "head_b"), List.of("logits1"))
                .node("GreaterOrEqual", List.of("pos", "eos_at"), List.of("eos_due"))
                .node("Cast", List.of("eos_due"), List.of("eos_due_f"), Map.of("to", (long) FLOAT))
                .node("Mul", List.of("eos_due_f", "eos_span"), List.of("eos_lift"))
                .node("Mul", List.of("eos_lift", "eos_column"), List.of("eos_add"))
                .node("Add", List.of("logits1", "eos_add"), List.of("logits"))
                .build();
    }

    /**
     * Writes a voice bundle with the full-size T2S graphs, the v2-size waveform decoder ({@link V2SizeVits}, 1280
     * samples per token; v2's enc_p and flow are not included) and the tiny ssl/vq_encoder of the runtime's test
     * fixtures (shared).
     *
     * @param root bundle root
     * @param name voice name and folder
     * @param seed  weight seed
     * @param eosAt audio position from which the step predicts EOS
     * @return the folder
     */
    static Path writeBundle(Path root, String name, long seed, long eosAt) {
        Map<String, Object> manifest = TestBundles.manifest(name);
        for (String role : List.of("t2s_prefill", "t2s_step")) {
            Map<String, Object> graph = TestBundles.graph(manifest, role);
            for (String side : List.of("inputs", "outputs")) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> tensors = (List<Map<String, Object>>) graph.get(side);
                for (Map<String, Object> tensor : tensors) {
                    @SuppressWarnings("unchecked")
                    List<Object> dims = (List<Object>) tensor.get("dims");
                    if (dims.size() == 3 && tensor.get("type").equals("float32") && !tensor.get("name").equals("bert")) {
                        tensor.put("dims", List.of(dims.get(0), LAYERS, WIDTH));
                    }
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> vitsInputs = (List<Map<String, Object>>) TestBundles.graph(manifest, "vits").get("inputs");
        for (Map<String, Object> tensor : vitsInputs) {
            if (tensor.get("name").equals("noise")) {
                tensor.put("dims", List.of(1, 192, "Tz"));
            }
        }
        try {
            TestBundles.writeShared(root);
            Path dir = Files.createDirectories(root.resolve(name));
            Files.write(dir.resolve("t2s_prefill.onnx"), prefill(seed));
            Files.write(dir.resolve("t2s_step.onnx"), step(seed, eosAt));
            Files.write(dir.resolve("vits.onnx"), V2SizeVits.graph(seed, false));
            TestBundles.writeManifest(dir, manifest);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
