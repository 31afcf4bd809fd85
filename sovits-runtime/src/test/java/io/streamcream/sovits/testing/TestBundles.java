package io.streamcream.sovits.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes bundle folders of {@link TinyGraphs} under a root, with a {@code bundle.json} built as a mutable map so tests
 * can break single fields. Shared graphs (ssl, vq_encoder) live in {@code <root>/shared/}.
 */
public final class TestBundles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestBundles() {
    }

    /** @return a tensor entry */
    static Map<String, Object> t(String name, String type, Object... dims) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("dims", List.of(dims));
        return m;
    }

    static Map<String, Object> g(String file, List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("inputs", new ArrayList<>(inputs));
        m.put("outputs", new ArrayList<>(outputs));
        return m;
    }

    /**
     * The manifest of a tiny voice whose ssl and vq graphs are shared.
     *
     * @param name voice name
     * @return a mutable manifest map
     */
    public static Map<String, Object> manifest(String name) {
        int c = TinyGraphs.SSL_CHANNELS;
        int l = TinyGraphs.LAYERS;
        int d = TinyGraphs.WIDTH;
        Map<String, Object> graphs = new LinkedHashMap<>();
        graphs.put("ssl", g("../shared/ssl.onnx", List.of(t("audio16k", "float32", 1, "N")),
                List.of(t("ssl", "float32", 1, c, "T"))));
        graphs.put("vq_encoder", g("../shared/vq_encoder.onnx", List.of(t("ssl", "float32", 1, c, "T")),
                List.of(t("codes", "int64", 1, 1, "T2"))));
        graphs.put("t2s_prefill", g("t2s_prefill.onnx",
                List.of(t("phoneme_ids", "int64", 1, "N"), t("bert", "float32", 1, 1024, "N"), t("prompts", "int64", 1, "P")),
                List.of(t("logits", "float32", 1, 1025), t("k", "float32", "S", l, d), t("v", "float32", "S", l, d))));
        graphs.put("t2s_step", g("t2s_step.onnx",
                List.of(t("token", "int64", 1, 1), t("pos", "int64", 1), t("k_cache", "float32", "S", l, d),
                        t("v_cache", "float32", "S", l, d)),
                List.of(t("logits", "float32", 1, 1025), t("k_new", "float32", 1, l, d), t("v_new", "float32", 1, l, d))));
        graphs.put("vits", g("vits.onnx",
                List.of(t("pred_semantic", "int64", 1, 1, "T"), t("text_seq", "int64", 1, "Nt"),
                        t("refer_spec", "float32", 1, 1025, "F"), t("noise", "float32", 1, TinyGraphs.NOISE, "Tz"),
                        t("speed", "float32", 1)),
                List.of(t("audio", "float32", 1, 1, "L"))));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("name", name);
        m.put("version", "v2");
        m.put("symbols", "v2");
        m.put("sample_rates", new LinkedHashMap<>(Map.of("ssl", 16000, "output", 32000)));
        m.put("graphs", graphs);
        return m;
    }

    /**
     * The manifest of a tiny v2Pro voice: {@link #manifest} plus the shared {@code sv} graph and {@code sv_emb} into
     * its own {@code vits_pro.onnx}.
     *
     * @param name voice name
     * @return a mutable manifest map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> proManifest(String name) {
        Map<String, Object> m = manifest(name);
        m.put("version", "v2Pro");
        Map<String, Object> graphs = (Map<String, Object>) m.get("graphs");
        graphs.put("sv", g("../shared/sv.onnx", List.of(t("fbank", "float32", 1, "F", 80)),
                List.of(t("sv_emb", "float32", 1, TinyGraphs.SV_WIDTH))));
        Map<String, Object> vits = graph(m, "vits");
        vits.put("file", "vits_pro.onnx");
        ((List<Map<String, Object>>) vits.get("inputs")).add(t("sv_emb", "float32", 1, TinyGraphs.SV_WIDTH));
        return m;
    }

    /**
     * Writes a v2Pro voice folder: {@link #writeVoice} plus {@code shared/sv.onnx} and the voice's {@code vits_pro.onnx}.
     *
     * @param root     bundle root
     * @param folder   folder name
     * @param manifest the manifest map
     * @param tokens   tokens per request of the step graph
     * @return the folder
     */
    public static Path writeProVoice(Path root, String folder, Map<String, Object> manifest, int tokens) {
        Path dir = writeVoice(root, folder, manifest, tokens);
        try {
            Files.write(root.resolve("shared/sv.onnx"), TinyGraphs.sv());
            Files.write(dir.resolve("vits_pro.onnx"), TinyGraphs.vitsPro());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * The manifest of a tiny voice whose reference encoder is split out of {@code vits}: a shared {@code ref_encoder}
     * and the voice's {@code vits_style.onnx} taking {@code ge}.
     *
     * @param name voice name
     * @return a mutable manifest map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> splitManifest(String name) {
        Map<String, Object> m = manifest(name);
        Map<String, Object> graphs = (Map<String, Object>) m.get("graphs");
        graphs.put("ref_encoder", g("../shared/ref_encoder.onnx", List.of(t("refer_spec", "float32", 1, 1025, "F")),
                List.of(t("ge", "float32", 1, TinyGraphs.STYLE_WIDTH, 1))));
        Map<String, Object> vits = graph(m, "vits");
        vits.put("file", "vits_style.onnx");
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) vits.get("inputs");
        inputs.removeIf(i -> i.get("name").equals("refer_spec"));
        inputs.add(t("ge", "float32", 1, TinyGraphs.STYLE_WIDTH, 1));
        return m;
    }

    /**
     * Writes a voice folder with a split reference encoder: {@link #writeVoice} plus {@code shared/ref_encoder.onnx}
     * and the voice's {@code vits_style.onnx}.
     *
     * @param root     bundle root
     * @param folder   folder name
     * @param manifest the manifest map
     * @param tokens   tokens per request of the step graph
     * @return the folder
     */
    public static Path writeSplitVoice(Path root, String folder, Map<String, Object> manifest, int tokens) {
        Path dir = writeVoice(root, folder, manifest, tokens);
        try {
            Files.write(root.resolve("shared/ref_encoder.onnx"), TinyGraphs.refEncoder());
            Files.write(dir.resolve("vits_style.onnx"), TinyGraphs.vitsStyle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * @param manifest a manifest map
     * @param role     graph key
     * @return that graph's mutable map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> graph(Map<String, Object> manifest, String role) {
        return (Map<String, Object>) ((Map<String, Object>) manifest.get("graphs")).get(role);
    }

    /**
     * Writes the shared graphs into {@code <root>/shared/}.
     *
     * @param root bundle root
     */
    public static void writeShared(Path root) {
        try {
            Files.createDirectories(root.resolve("shared"));
            Files.write(root.resolve("shared/ssl.onnx"), TinyGraphs.ssl());
            Files.write(root.resolve("shared/vq_encoder.onnx"), TinyGraphs.vqEncoder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a voice folder {@code <root>/<folder>/} with its own graphs and the given manifest.
     *
     * @param root     bundle root
     * @param folder   folder name
     * @param manifest the manifest map
     * @param tokens   tokens per request of the step graph
     * @return the folder
     */
    public static Path writeVoice(Path root, String folder, Map<String, Object> manifest, int tokens) {
        try {
            writeShared(root);
            Path dir = Files.createDirectories(root.resolve(folder));
            Files.write(dir.resolve("t2s_prefill.onnx"), TinyGraphs.prefill());
            Files.write(dir.resolve("t2s_step.onnx"), TinyGraphs.step(tokens));
            Files.write(dir.resolve("vits.onnx"), TinyGraphs.vits());
            writeManifest(dir, manifest);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param dir      bundle folder
     * @param manifest the manifest map
     */
    public static void writeManifest(Path dir, Map<String, Object> manifest) {
        try {
            Files.writeString(dir.resolve("bundle.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
