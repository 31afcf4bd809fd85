package io.streamcream.sovits.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CMU Pronouncing Dictionary in its plain-text format ({@code WORD  PH PH ...}, {@code ;;;} comments, variants as
 * {@code WORD(1)}). Only the first pronunciation of a word is kept, as upstream does. Later files override earlier
 * ones entry by entry, which is how upstream's {@code engdict-hot.rep} is applied.
 */
public final class CmuDict {
    private static final CmuDict EMPTY = new CmuDict(Map.of());
    private final Map<String, List<String>> entries;

    private CmuDict(Map<String, List<String>> entries) {
        this.entries = entries;
    }

    /**
     * A dictionary with no words: every word is spelled letter by letter.
     *
     * @return the empty dictionary
     */
    public static CmuDict empty() {
        return EMPTY;
    }

    /**
     * Reads dictionaries; entries of later files replace those of earlier files.
     *
     * @param files files in CMUdict format (UTF-8 or Latin-1 ASCII)
     * @return the dictionary
     * @throws IOException if a file cannot be read
     */
    public static CmuDict load(List<Path> files) throws IOException {
        Map<String, List<String>> map = new HashMap<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                read(in, map, true);
            }
        }
        return new CmuDict(Map.copyOf(map));
    }

    /**
     * Reads one dictionary from a stream.
     *
     * @param in the stream
     * @return the dictionary
     * @throws IOException if reading fails
     */
    public static CmuDict read(InputStream in) throws IOException {
        Map<String, List<String>> map = new HashMap<>();
        read(in, map, true);
        return new CmuDict(Map.copyOf(map));
    }

    private static void read(InputStream in, Map<String, List<String>> map, boolean override) throws IOException {
        Map<String, List<String>> local = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(";;;") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                if (parts.length < 2) {
                    continue;
                }
                String word = parts[0];
                if (word.endsWith(")") && word.contains("(")) {
                    continue;
                }
                word = word.toLowerCase(Locale.ROOT);
                if (!local.containsKey(word)) {
                    local.put(word, List.of(parts).subList(1, parts.length));
                }
            }
        }
        if (override) {
            map.putAll(local);
        }
    }

    /**
     * The first pronunciation of a word.
     *
     * @param word the word, any case
     * @return ARPAbet phones with stress digits
     */
    public Optional<List<String>> lookup(String word) {
        return Optional.ofNullable(entries.get(word.toLowerCase(Locale.ROOT)));
    }

    /**
     * Number of words.
     *
     * @return the count
     */
    public int size() {
        return entries.size();
    }
}
