package io.streamcream.sovits.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds voice bundles under a root ({@code userdatas/tts/}): every direct sub-folder holding a {@code bundle.json}
 * is a bundle. Folders named {@code GPT_weights*} / {@code SoVITS_weights*} hold upstream PyTorch weights, which this
 * runtime cannot run; they are paired by voice name and reported as {@link Unexported} with the folder they must be
 * exported to, unless that folder already holds a bundle. Discovery never downloads and never throws for one bad
 * bundle: problems are collected in {@link Scan#problems()}.
 */
public final class BundleDiscovery {
    private static final Pattern GPT_NAME = Pattern.compile("(.+?)-e(\\d+)\\.ckpt");
    private static final Pattern SOVITS_NAME = Pattern.compile("(.+?)_e(\\d+)_s(\\d+)(?:_l\\d+)?\\.pth");

    /**
     * Upstream weights of one voice that have not been exported to a bundle.
     *
     * @param name   voice name (the experiment name upstream's training gives both files)
     * @param gpt    newest {@code GPT_weights*}{@code /<name>-e<epoch>.ckpt}, if any
     * @param sovits newest {@code SoVITS_weights*}{@code /<name>_e<epoch>_s<step>.pth}, if any
     * @param target the bundle folder an export must create ({@code <root>/<name>/})
     */
    public record Unexported(String name, Optional<Path> gpt, Optional<Path> sovits, Path target) {
    }

    /**
     * Result of a scan.
     *
     * @param bundles    valid manifests by voice name (sorted)
     * @param problems   one message per folder whose manifest could not be used
     * @param unexported upstream weights without a bundle
     */
    public record Scan(Map<String, BundleManifest> bundles, List<String> problems, List<Unexported> unexported) {
    }

    private BundleDiscovery() {
    }

    /**
     * Scans a root folder.
     *
     * @param root the {@code userdatas/tts} folder
     * @return bundles, problems and unexported weights
     * @throws IOException when the root cannot be listed
     */
    public static Scan scan(Path root) throws IOException {
        Map<String, BundleManifest> bundles = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Path> gpt = new HashMap<>();
        Map<String, Integer> gptEpoch = new HashMap<>();
        Map<String, Path> sovits = new HashMap<>();
        Map<String, Long> sovitsRank = new HashMap<>();
        List<Path> folders;
        try (Stream<Path> s = Files.list(root)) {
            folders = s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path folder : folders) {
            String fname = folder.getFileName().toString();
            if (fname.startsWith("GPT_weights") || fname.startsWith("SoVITS_weights")) {
                boolean isGpt = fname.startsWith("GPT_weights");
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.sorted().toList()) {
                        Matcher m = (isGpt ? GPT_NAME : SOVITS_NAME).matcher(f.getFileName().toString());
                        if (!m.matches()) {
                            continue;
                        }
                        String name = m.group(1);
                        if (isGpt) {
                            int epoch = Integer.parseInt(m.group(2));
                            if (epoch >= gptEpoch.getOrDefault(name, -1)) {
                                gptEpoch.put(name, epoch);
                                gpt.put(name, f);
                            }
                        } else {
                            long rank = Long.parseLong(m.group(2)) * 1_000_000_000L + Long.parseLong(m.group(3));
                            if (rank >= sovitsRank.getOrDefault(name, -1L)) {
                                sovitsRank.put(name, rank);
                                sovits.put(name, f);
                            }
                        }
                    }
                }
                continue;
            }
            if (!Files.isRegularFile(folder.resolve(BundleManifest.FILE))) {
                continue;
            }
            try {
                BundleManifest m = BundleManifest.read(folder, root);
                BundleManifest prior = bundles.putIfAbsent(m.name(), m);
                if (prior != null) {
                    problems.add("bundle " + folder + ": name \"" + m.name() + "\" is already used by " + prior.directory());
                }
            } catch (BundleException e) {
                problems.add(e.getMessage());
            }
        }
        List<Unexported> unexported = new ArrayList<>();
        TreeMap<String, Boolean> names = new TreeMap<>();
        gpt.keySet().forEach(n -> names.put(n, true));
        sovits.keySet().forEach(n -> names.put(n, true));
        for (String name : names.keySet()) {
            Path target = root.resolve(name);
            boolean exported = Files.isRegularFile(target.resolve(BundleManifest.FILE)) || bundles.containsKey(name);
            if (!exported) {
                unexported.add(new Unexported(name, Optional.ofNullable(gpt.get(name)), Optional.ofNullable(sovits.get(name)), target));
            }
        }
        return new Scan(bundles, problems, unexported);
    }
}
