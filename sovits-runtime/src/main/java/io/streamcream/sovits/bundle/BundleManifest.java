package io.streamcream.sovits.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamcream.nativebindings.ort.ElementType;

/**
 * A parsed, checked {@code bundle.json} (format described in the module README). Parsing is strict: unknown keys,
 * missing keys, wrong JSON types, unknown element types, graphs that do not match {@link GraphRole}'s contract and
 * graph files outside the bundle root are all errors naming the bundle and the JSON path.
 *
 * @param directory   the bundle folder
 * @param name        voice name
 * @param version     model version ({@code v2}, {@code v2Pro}, {@code v2ProPlus})
 * @param symbols     symbol-table version ({@code v2}, 732 entries)
 * @param sslRate     rate of the {@code ssl} graph's audio (16000)
 * @param outputRate  rate of the reference spectrogram and of the {@code vits} output (32000)
 * @param graphs      declared graphs by role
 * @param source      the upstream weights the bundle was exported from, if recorded
 * @param muteSimilarity optional file of little-endian float32, one per T2S token: the cosine similarity of each row
 *                    of {@code ar_audio_embedding} to the mute token (486 in v2), for streaming mode 2
 */
public record BundleManifest(Path directory, String name, String version, String symbols, int sslRate, int outputRate,
                             Map<GraphRole, GraphSpec> graphs, Optional<Source> source, Optional<Path> muteSimilarity) {
    /** File name of the manifest inside a bundle folder. */
    public static final String FILE = "bundle.json";
    /** The only supported manifest format number. */
    public static final int FORMAT = 1;

    /**
     * Upstream weights the bundle was exported from (informational).
     *
     * @param gpt    the {@code GPT_weights*} checkpoint
     * @param sovits the {@code SoVITS_weights*} file
     */
    public record Source(String gpt, String sovits) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Model families this runtime runs: v2, and v2Pro/v2ProPlus (v2 plus a speaker embedding). */
    public static final List<String> VERSIONS = List.of("v2", "v2Pro", "v2ProPlus");
    /** The data files a {@code g2pw} graph entry names besides its vocabulary. */
    public static final List<String> G2PW_TABLES = List.of("polyphonic_chars", "bopomofo_to_pinyin");

    /**
     * Copies the map.
     */
    public BundleManifest {
        graphs = Map.copyOf(graphs);
    }

    /**
     * @param role a role
     * @return the graph, if the bundle has it
     */
    public Optional<GraphSpec> graph(GraphRole role) {
        return Optional.ofNullable(graphs.get(role));
    }

    /**
     * @return whether the {@code ssl} graph already emits {@code codes}
     */
    public boolean vqMergedIntoSsl() {
        return graphs.get(GraphRole.SSL).hasOutput("codes");
    }

    /**
     * @return T2S layers L (from {@code t2s_step.k_new})
     */
    public int t2sLayers() {
        return (int) graphs.get(GraphRole.T2S_STEP).output("k_new").dim(1);
    }

    /**
     * @return T2S width D (from {@code t2s_step.k_new})
     */
    public int t2sWidth() {
        return (int) graphs.get(GraphRole.T2S_STEP).output("k_new").dim(2);
    }

    /**
     * @return logits width V (1025); EOS is {@code V − 1}
     */
    public int t2sVocab() {
        return (int) graphs.get(GraphRole.T2S_STEP).output("logits").dim(1);
    }

    /**
     * @return noise channels of the {@code vits} graph (192 for v2)
     */
    public int vitsNoiseChannels() {
        return (int) graphs.get(GraphRole.VITS).input("noise").dim(1);
    }

    /**
     * Reads {@code <directory>/bundle.json}.
     *
     * @param directory the bundle folder
     * @param root      the folder graph files must stay inside (the {@code userdatas/tts} root)
     * @return the manifest
     * @throws BundleException when the file is missing or invalid
     */
    public static BundleManifest read(Path directory, Path root) {
        Path file = directory.resolve(FILE);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BundleException("bundle " + directory + ": cannot read " + FILE + ": " + e, e);
        }
        return parse(text, directory, root);
    }

    /**
     * Parses manifest text.
     *
     * @param json      the JSON
     * @param directory the bundle folder (relative graph paths resolve against it)
     * @param root      graph files must resolve inside this folder
     * @return the manifest
     * @throws BundleException naming the first problem
     */
    public static BundleManifest parse(String json, Path directory, Path root) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BundleException("bundle " + directory + ": " + FILE + " is not valid JSON: " + e.getOriginalMessage());
        }
        Reader r = new Reader(directory);
        ObjectNode top = r.object(node, "$");
        r.onlyKeys(top, "$", Set.of("format", "name", "version", "symbols", "sample_rates", "graphs", "source",
                "mute_similarity"));
        int format = r.integer(top, "$", "format");
        if (format != FORMAT) {
            throw r.error("$.format", "is " + format + ", this runtime reads format " + FORMAT);
        }
        String name = r.string(top, "$", "name");
        if (name.isBlank()) {
            throw r.error("$.name", "is blank");
        }
        String version = r.string(top, "$", "version");
        if (!VERSIONS.contains(version)) {
            throw r.error("$.version", "is \"" + version + "\"; supported: " + String.join(", ", VERSIONS));
        }
        String symbols = r.string(top, "$", "symbols");
        if (!symbols.equals("v2")) {
            throw r.error("$.symbols", "is \"" + symbols + "\"; v2 bundles use the \"v2\" symbol table (732 entries)");
        }
        ObjectNode rates = r.object(r.required(top, "$", "sample_rates"), "$.sample_rates");
        r.onlyKeys(rates, "$.sample_rates", Set.of("ssl", "output"));
        int sslRate = r.integer(rates, "$.sample_rates", "ssl");
        if (sslRate != 16000) {
            throw r.error("$.sample_rates.ssl", "is " + sslRate + "; the ssl graph takes 16000 Hz audio");
        }
        int outputRate = r.integer(rates, "$.sample_rates", "output");
        if (outputRate != 32000) {
            throw r.error("$.sample_rates.output", "is " + outputRate + "; v2 voices run at 32000 Hz");
        }
        Optional<Source> source = Optional.empty();
        if (top.has("source")) {
            ObjectNode s = r.object(top.get("source"), "$.source");
            r.onlyKeys(s, "$.source", Set.of("gpt", "sovits"));
            source = Optional.of(new Source(r.string(s, "$.source", "gpt"), r.string(s, "$.source", "sovits")));
        }
        ObjectNode graphsNode = r.object(r.required(top, "$", "graphs"), "$.graphs");
        Map<GraphRole, GraphSpec> graphs = new EnumMap<>(GraphRole.class);
        Path normalRoot = root.toAbsolutePath().normalize();
        for (Iterator<String> it = graphsNode.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            GraphRole role = GraphRole.ofKey(key);
            String path = "$.graphs." + key;
            if (role == null) {
                throw r.error(path, "is not a graph of a v2 bundle (expected ssl, vq_encoder, bert, t2s_prefill, "
                        + "t2s_step, vits, ref_encoder, sv, g2pw)");
            }
            graphs.put(role, r.graph(role, graphsNode.get(key), path, normalRoot));
        }
        for (GraphRole role : GraphRole.values()) {
            if (role.required() && !graphs.containsKey(role)) {
                throw r.error("$.graphs", "lacks the required graph \"" + role.key() + "\"");
            }
        }
        r.checkContracts(graphs, isPro(version));
        Optional<Path> muteSimilarity = top.has("mute_similarity")
                ? Optional.of(r.resolve(r.string(top, "$", "mute_similarity"), "$.mute_similarity", normalRoot))
                : Optional.empty();
        return new BundleManifest(directory, name, version, symbols, sslRate, outputRate, graphs, source, muteSimilarity);
    }

    /**
     * @param version a supported version
     * @return whether it is a v2Pro family version (speaker embedding)
     */
    static boolean isPro(String version) {
        return version.startsWith("v2Pro");
    }

    /** @return whether the reference encoder is split out of vits (references can then be averaged) */
    public boolean splitReferenceEncoder() {
        return graphs.containsKey(GraphRole.REF_ENCODER);
    }

    /** @return whether this voice takes a speaker embedding (v2Pro, v2ProPlus) */
    public boolean pro() {
        return isPro(version);
    }

    /** JSON access with errors that name the bundle and the JSON path. */
    private static final class Reader {
        private final Path directory;

        Reader(Path directory) {
            this.directory = directory;
        }

        BundleException error(String path, String problem) {
            return new BundleException("bundle " + directory + ": " + FILE + " " + path + " " + problem);
        }

        ObjectNode object(JsonNode node, String path) {
            if (!(node instanceof ObjectNode o)) {
                throw error(path, "must be a JSON object");
            }
            return o;
        }

        JsonNode required(ObjectNode node, String path, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw error(path, "lacks \"" + key + "\"");
            }
            return v;
        }

        void onlyKeys(ObjectNode node, String path, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw error(path, "has the unknown key \"" + k + "\" (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        String string(ObjectNode node, String path, String key) {
            JsonNode v = required(node, path, key);
            if (!v.isTextual()) {
                throw error(path + "." + key, "must be a string");
            }
            return v.asText();
        }

        int integer(ObjectNode node, String path, String key) {
            JsonNode v = required(node, path, key);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error(path + "." + key, "must be an integer");
            }
            return v.intValue();
        }

        GraphSpec graph(GraphRole role, JsonNode node, String path, Path root) {
            ObjectNode g = object(node, path);
            List<String> tableKeys = role == GraphRole.G2PW ? G2PW_TABLES : List.of();
            boolean hasVocab = role == GraphRole.BERT || role == GraphRole.G2PW;
            Set<String> allowed = new java.util.HashSet<>(Set.of("file", "inputs", "outputs"));
            if (hasVocab) {
                allowed.add("vocab");
            }
            allowed.addAll(tableKeys);
            onlyKeys(g, path, allowed);
            Path file = resolve(string(g, path, "file"), path + ".file", root);
            Optional<Path> vocab = Optional.empty();
            if (hasVocab) {
                vocab = Optional.of(resolve(string(g, path, "vocab"), path + ".vocab", root));
            }
            Map<String, Path> tables = new java.util.HashMap<>();
            for (String key : tableKeys) {
                tables.put(key, resolve(string(g, path, key), path + "." + key, root));
            }
            return new GraphSpec(role, file, vocab, tables, tensors(required(g, path, "inputs"), path + ".inputs"),
                    tensors(required(g, path, "outputs"), path + ".outputs"));
        }

        Path resolve(String relative, String path, Path root) {
            if (relative.isBlank()) {
                throw error(path, "is blank");
            }
            Path p = directory.toAbsolutePath().resolve(relative).normalize();
            if (!p.startsWith(root)) {
                throw error(path, "\"" + relative + "\" resolves outside the bundle root " + root);
            }
            return p;
        }

        List<TensorSpec> tensors(JsonNode node, String path) {
            if (!node.isArray() || node.isEmpty()) {
                throw error(path, "must be a non-empty array");
            }
            List<TensorSpec> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[" + i + "]";
                ObjectNode t = object(node.get(i), p);
                onlyKeys(t, p, Set.of("name", "type", "dims"));
                String name = string(t, p, "name");
                for (TensorSpec prior : out) {
                    if (prior.name().equals(name)) {
                        throw error(p + ".name", "repeats \"" + name + "\"");
                    }
                }
                String typeName = string(t, p, "type");
                ElementType type = TensorSpec.parseType(typeName);
                if (type == null) {
                    throw error(p + ".type", "is \"" + typeName
                            + "\"; expected float32, float16, float64, int64, int32, int8, uint8 or bool");
                }
                JsonNode dimsNode = required(t, p, "dims");
                if (!dimsNode.isArray()) {
                    throw error(p + ".dims", "must be an array of sizes (integers ≥ 1) and symbolic names (strings)");
                }
                List<Long> dims = new ArrayList<>();
                List<String> symbols = new ArrayList<>();
                for (int d = 0; d < dimsNode.size(); d++) {
                    JsonNode dim = dimsNode.get(d);
                    if (dim.isIntegralNumber() && dim.longValue() >= 1) {
                        dims.add(dim.longValue());
                        symbols.add("");
                    } else if (dim.isTextual() && !dim.asText().isBlank()) {
                        dims.add(-1L);
                        symbols.add(dim.asText());
                    } else {
                        throw error(p + ".dims[" + d + "]", "must be an integer ≥ 1 or a symbolic name, not " + dim);
                    }
                }
                out.add(new TensorSpec(name, type, dims, symbols));
            }
            return out;
        }

        void checkContracts(Map<GraphRole, GraphSpec> graphs, boolean pro) {
            if (pro != graphs.containsKey(GraphRole.SV)) {
                throw pro ? error("$.graphs", "lacks \"sv\": v2Pro voices need the speaker-verification graph")
                        : error("$.graphs.sv", "belongs to v2Pro/v2ProPlus bundles, not to a v2 bundle");
            }
            boolean split = graphs.containsKey(GraphRole.REF_ENCODER);
            GraphRole.Port spec = new GraphRole.Port("refer_spec", ElementType.FLOAT, 3);
            GraphRole.Port embedding = new GraphRole.Port("sv_emb", ElementType.FLOAT, 2);
            for (GraphSpec g : graphs.values()) {
                GraphRole role = g.role();
                String path = "$.graphs." + role.key();
                List<GraphRole.Port> inputs = new ArrayList<>(role.inputs());
                if (role == GraphRole.VITS) {
                    // The reference reaches vits whole, or as the style vector of the split-out reference encoder.
                    inputs.addAll(split ? List.of(new GraphRole.Port("ge", ElementType.FLOAT, 3)) : List.of(spec));
                }
                if (pro && (role == (split ? GraphRole.REF_ENCODER : GraphRole.VITS))) {
                    inputs.add(embedding);
                }
                checkPorts(path + ".inputs", inputs, g.inputs());
                List<GraphRole.Port> outputs = role.outputs();
                if (role == GraphRole.SSL) {
                    boolean merged = g.hasOutput("codes");
                    outputs = List.of(merged ? new GraphRole.Port("codes", ElementType.INT64, 3)
                            : new GraphRole.Port("ssl", ElementType.FLOAT, 3));
                    if (merged && graphs.containsKey(GraphRole.VQ_ENCODER)) {
                        throw error("$.graphs.vq_encoder", "is declared but ssl already outputs \"codes\" (merged)");
                    }
                    if (!merged && !graphs.containsKey(GraphRole.VQ_ENCODER)) {
                        throw error("$.graphs", "lacks \"vq_encoder\": ssl outputs \"ssl\" features, not \"codes\"");
                    }
                }
                checkPorts(path + ".outputs", outputs, g.outputs());
            }
            fixed(graphs, GraphRole.T2S_PREFILL, true, "bert", 1, 1024L);
            fixed(graphs, GraphRole.T2S_STEP, false, "logits", 1, null);
            fixed(graphs, GraphRole.T2S_STEP, false, "k_new", 1, null);
            fixed(graphs, GraphRole.T2S_STEP, false, "k_new", 2, null);
            GraphSpec step = graphs.get(GraphRole.T2S_STEP);
            long layers = step.output("k_new").dim(1);
            long width = step.output("k_new").dim(2);
            long vocab = step.output("logits").dim(1);
            fixed(graphs, GraphRole.T2S_PREFILL, false, "logits", 1, vocab);
            for (String cache : List.of("k", "v")) {
                fixed(graphs, GraphRole.T2S_PREFILL, false, cache, 1, layers);
                fixed(graphs, GraphRole.T2S_PREFILL, false, cache, 2, width);
            }
            for (String cache : List.of("k_cache", "v_cache")) {
                fixed(graphs, GraphRole.T2S_STEP, true, cache, 1, layers);
                fixed(graphs, GraphRole.T2S_STEP, true, cache, 2, width);
            }
            fixed(graphs, GraphRole.T2S_STEP, false, "v_new", 1, layers);
            fixed(graphs, GraphRole.T2S_STEP, false, "v_new", 2, width);
            if (split) {
                fixed(graphs, GraphRole.REF_ENCODER, true, "refer_spec", 1, 1025L);
                fixed(graphs, GraphRole.REF_ENCODER, false, "ge", 1, null);
                fixed(graphs, GraphRole.REF_ENCODER, false, "ge", 2, 1L);
                fixed(graphs, GraphRole.VITS, true, "ge", 1, graphs.get(GraphRole.REF_ENCODER).output("ge").dim(1));
                fixed(graphs, GraphRole.VITS, true, "ge", 2, 1L);
            } else {
                fixed(graphs, GraphRole.VITS, true, "refer_spec", 1, 1025L);
            }
            fixed(graphs, GraphRole.VITS, true, "noise", 1, null);
            if (graphs.containsKey(GraphRole.BERT)) {
                fixed(graphs, GraphRole.BERT, false, "hidden", 2, 1024L);
            }
            if (pro) {
                fixed(graphs, GraphRole.SV, true, "fbank", 2, 80L);
                fixed(graphs, GraphRole.SV, false, "sv_emb", 1, null);
                fixed(graphs, split ? GraphRole.REF_ENCODER : GraphRole.VITS, true, "sv_emb", 1,
                        graphs.get(GraphRole.SV).output("sv_emb").dim(1));
            }
        }

        private void fixed(Map<GraphRole, GraphSpec> graphs, GraphRole role, boolean input, String name, int dim, Long expected) {
            GraphSpec g = graphs.get(role);
            TensorSpec t = input ? g.input(name) : g.output(name);
            String path = "$.graphs." + role.key() + (input ? ".inputs" : ".outputs") + "[" + name + "].dims[" + dim + "]";
            if (t.dim(dim) < 0) {
                throw error(path, "must be a fixed size" + (expected == null ? "" : " (" + expected + ")") + ", not \"" + t.symbols().get(dim) + "\"");
            }
            if (expected != null && t.dim(dim) != expected) {
                throw error(path, "is " + t.dim(dim) + ", expected " + expected);
            }
        }

        private void checkPorts(String path, List<GraphRole.Port> required, List<TensorSpec> declared) {
            for (GraphRole.Port port : required) {
                TensorSpec t = declared.stream().filter(s -> s.name().equals(port.name())).findFirst()
                        .orElseThrow(() -> error(path, "lacks \"" + port.name() + "\" (" + TensorSpec.typeName(port.type())
                                + ", rank " + port.rank() + ")"));
                if (t.type() != port.type()) {
                    throw error(path + "[" + port.name() + "].type", "is " + TensorSpec.typeName(t.type()) + ", the runtime uses "
                            + TensorSpec.typeName(port.type()));
                }
                if (t.rank() != port.rank()) {
                    throw error(path + "[" + port.name() + "].dims", "has rank " + t.rank() + ", the runtime uses rank " + port.rank());
                }
            }
            for (TensorSpec t : declared) {
                if (required.stream().noneMatch(p -> p.name().equals(t.name()))) {
                    throw error(path, "declares \"" + t.name() + "\", which the runtime neither feeds nor reads (expected "
                            + String.join(", ", required.stream().map(GraphRole.Port::name).toList()) + ")");
                }
            }
        }
    }
}
