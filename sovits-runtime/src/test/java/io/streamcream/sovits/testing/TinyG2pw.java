package io.streamcream.sovits.testing;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * A g2pW stand-in with upstream's IO whose decision is known: a query's reading is chosen by the token right after it
 * ({@code probs[b] = phoneme_mask[b] · W[input_ids[b, position_ids[b] + 1]]}), so a test sees whether the window,
 * the position and the candidate mask reach the graph as they should. Its tables:
 * <ul>
 *   <li>長: ㄓㄤ3 (zhang3) before 得, otherwise ㄔㄤ2 (chang2);</li>
 *   <li>行: ㄏㄤ2 (hang2) at the end of the sentence, otherwise ㄒㄧㄥ2 (xing2);</li>
 *   <li>一 is listed too (ㄧ1/ㄧ2), and the runtime must leave it to tone sandhi.</li>
 * </ul>
 */
public final class TinyG2pw {
    /** {@code vocab.txt}, id = line. */
    public static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "他", "長", "得", "度", "行", "走",
            "銀", "高", "一");
    /** {@code POLYPHONIC_CHARS.txt}. */
    public static final List<String> POLYPHONIC_CHARS = List.of("長\tㄓㄤ3", "長\tㄔㄤ2", "行\tㄒㄧㄥ2", "行\tㄏㄤ2",
            "一\tㄧ1", "一\tㄧ2");
    /** {@code bopomofo_to_pinyin_wo_tune_dict.json}. */
    public static final String BOPOMOFO_TO_PINYIN = "{\"ㄓㄤ\": \"zhang\", \"ㄔㄤ\": \"chang\", \"ㄒㄧㄥ\": \"xing\", "
            + "\"ㄏㄤ\": \"hang\", \"ㄧ\": \"yi\"}";
    /** Sorted labels: ㄏㄤ2, ㄒㄧㄥ2, ㄓㄤ3, ㄔㄤ2, ㄧ1, ㄧ2. */
    public static final int LABELS = 6;

    private TinyG2pw() {
    }

    /** @return the graph */
    public static byte[] graph() {
        int vocab = VOCAB.size();
        float[] w = new float[vocab * LABELS];
        for (int t = 0; t < vocab; t++) {
            for (int j = 0; j < LABELS; j++) {
                w[t * LABELS + j] = 0.1f * (j + 1);
            }
        }
        w[VOCAB.indexOf("得") * LABELS + 2] = 5f;
        w[VOCAB.indexOf("[SEP]") * LABELS] = 5f;
        return OnnxModelBuilder.graph("g2pw")
                .input("input_ids", INT64, "B", "L").input("token_type_ids", INT64, "B", "L")
                .input("attention_mask", INT64, "B", "L").input("phoneme_mask", FLOAT, "B", (long) LABELS)
                .input("char_ids", INT64, "B").input("position_ids", INT64, "B")
                .output("probs", FLOAT, "B", (long) LABELS)
                .initializer("w", w, vocab, LABELS)
                .initializer("one", new long[] {1}, 1)
                .initializer("axis1", new long[] {1}, 1)
                .node("Add", List.of("position_ids", "one"), List.of("next"))
                .node("Unsqueeze", List.of("next", "axis1"), List.of("next2"))
                .node("GatherElements", List.of("input_ids", "next2"), List.of("token2"), Map.of("axis", 1L))
                .node("Squeeze", List.of("token2", "axis1"), List.of("token"))
                .node("Gather", List.of("w", "token"), List.of("scores"), Map.of("axis", 0L))
                .node("Mul", List.of("phoneme_mask", "scores"), List.of("probs"))
                .build();
    }

    /**
     * Writes the graph, vocabulary and tables into {@code <root>/shared/g2pw/}.
     *
     * @param root bundle root
     */
    public static void write(Path root) {
        try {
            Path dir = Files.createDirectories(root.resolve("shared/g2pw"));
            Files.write(dir.resolve("g2pW.onnx"), graph());
            Files.write(dir.resolve("vocab.txt"), VOCAB);
            Files.write(dir.resolve("POLYPHONIC_CHARS.txt"), POLYPHONIC_CHARS);
            Files.writeString(dir.resolve("bopomofo_to_pinyin_wo_tune_dict.json"), BOPOMOFO_TO_PINYIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the manifest entry for a voice folder next to {@code shared/} */
    public static Map<String, Object> manifestEntry() {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("file", "../shared/g2pw/g2pW.onnx");
        g.put("vocab", "../shared/g2pw/vocab.txt");
        g.put("polyphonic_chars", "../shared/g2pw/POLYPHONIC_CHARS.txt");
        g.put("bopomofo_to_pinyin", "../shared/g2pw/bopomofo_to_pinyin_wo_tune_dict.json");
        g.put("inputs", List.of(tensor("input_ids", "int64", "B", "L"), tensor("token_type_ids", "int64", "B", "L"),
                tensor("attention_mask", "int64", "B", "L"), tensor("phoneme_mask", "float32", "B", LABELS),
                tensor("char_ids", "int64", "B"), tensor("position_ids", "int64", "B")));
        g.put("outputs", List.of(tensor("probs", "float32", "B", LABELS)));
        return g;
    }

    private static Map<String, Object> tensor(String name, String type, Object... dims) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("type", type);
        t.put("dims", List.of(dims));
        return t;
    }
}
