package io.streamcream.sovits.voices;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.streamcream.sovits.bundle.BundleDiscovery;
import io.streamcream.sovits.bundle.BundleManifest;

/**
 * The voices as the two faces list them: the original fork's model groups ({@code GPT_weights*} /
 * {@code SoVITS_weights*} pairs) and the documented {@code ModelGroup}s. A voice is playable when it
 * has a bundle; upstream weights without one are listed (so the frontend shows them) but switching
 * to them says that they must be exported first.
 */
public final class ModelCatalog {

    private final Path modelsDir;
    private final ReferenceStore references;

    /**
     * @param modelsDir  the models folder
     * @param references reference recordings
     */
    public ModelCatalog(Path modelsDir, ReferenceStore references) {
        this.modelsDir = modelsDir;
        this.references = references;
    }

    /** One voice with its weights paths as clients see them. */
    public record Entry(String name, String gptPath, String sovitsPath, String group, boolean playable) {
    }

    /**
     * @param scan the engine's last scan
     * @return every voice, bundles first
     */
    public List<Entry> entries(BundleDiscovery.Scan scan) {
        Map<String, Entry> entries = new TreeMap<>();
        for (BundleManifest manifest : scan.bundles().values()) {
            String gpt = manifest.source().map(BundleManifest.Source::gpt).filter(s -> !s.isBlank())
                    .orElse(relative(manifest.directory().resolve(BundleManifest.FILE)));
            String sovits = manifest.source().map(BundleManifest.Source::sovits).filter(s -> !s.isBlank())
                    .orElse(gpt);
            entries.put(manifest.name(), new Entry(manifest.name(), gpt, sovits, groupName(gpt), true));
        }
        for (BundleDiscovery.Unexported weights : scan.unexported()) {
            if (entries.containsKey(weights.name())) {
                continue;
            }
            String gpt = weights.gpt().map(this::relative).orElse("");
            String sovits = weights.sovits().map(this::relative).orElse("");
            entries.put(weights.name(), new Entry(weights.name(), gpt, sovits, groupName(gpt.isEmpty() ? sovits : gpt), false));
        }
        return List.copyOf(entries.values());
    }

    /**
     * The original's {@code /list_model_groups}: {@code [{name, pairs: {base: {gpt_path, sovits_path}}}]}.
     *
     * @param scan the engine's last scan
     * @return the groups
     */
    public List<Map<String, Object>> groups(BundleDiscovery.Scan scan) {
        Map<String, Map<String, Object>> pairsByGroup = new TreeMap<>();
        for (Entry entry : entries(scan)) {
            Map<String, Object> pairs = pairsByGroup.computeIfAbsent(entry.group(), g -> new LinkedHashMap<>());
            pairs.put(entry.name(), Map.of("gpt_path", entry.gptPath(), "sovits_path", entry.sovitsPath()));
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        pairsByGroup.forEach((name, pairs) -> groups.add(Map.of("name", name, "pairs", pairs)));
        return groups;
    }

    /**
     * Which voice a weights path means: a bundle or upstream file path, a bundle folder, or the
     * original's pair name (the file name cut at its first {@code -}, else its first {@code _}).
     *
     * @param scan        the engine's last scan
     * @param weightsPath the path a client sent
     * @return the voice entry
     */
    public Optional<Entry> forWeights(BundleDiscovery.Scan scan, String weightsPath) {
        String path = weightsPath.strip().replace('\\', '/');
        if (path.startsWith("userdatas/tts/")) {
            path = path.substring("userdatas/tts/".length());
        }
        List<Entry> all = entries(scan);
        for (Entry entry : all) {
            if (entry.gptPath().equals(path) || entry.sovitsPath().equals(path) || entry.name().equals(path)) {
                return Optional.of(entry);
            }
        }
        String pair = pairName(path);
        return all.stream().filter(e -> e.name().equals(pair)).findFirst();
    }

    /**
     * @param name a voice
     * @param scan the engine's last scan
     * @return the voice entry
     */
    public Optional<Entry> byName(BundleDiscovery.Scan scan, String name) {
        return entries(scan).stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The original's reference for a pair: {@code 参考音频/<pair>.wav} if present, else {@code 参考音频.wav}.
     *
     * @param pair a voice name, or empty
     * @return the path as clients see it
     */
    public String referenceFor(String pair) {
        if (!pair.isEmpty() && references.resolve("参考音频/" + pair + ".wav").isPresent()) {
            return "参考音频/" + pair + ".wav";
        }
        return "参考音频.wav";
    }

    /** The original fork's rule: base name without extension, cut at the first '-', else at the first '_'. */
    static String pairName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        if (base.contains("-")) {
            return base.substring(0, base.indexOf('-'));
        }
        if (base.contains("_")) {
            return base.substring(0, base.indexOf('_'));
        }
        return base;
    }

    private String groupName(String weightsPath) {
        String folder = weightsPath.contains("/") ? weightsPath.substring(0, weightsPath.indexOf('/')) : "";
        for (String prefix : List.of("GPT_weights", "SoVITS_weights")) {
            if (folder.startsWith(prefix)) {
                String suffix = folder.substring(prefix.length());
                return suffix.isEmpty() ? "默认模型" : suffix.substring(1) + "模型";
            }
        }
        return "语音包";
    }

    private String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(modelsDir) ? modelsDir.relativize(absolute).toString().replace('\\', '/')
                : absolute.getFileName().toString();
    }

}
