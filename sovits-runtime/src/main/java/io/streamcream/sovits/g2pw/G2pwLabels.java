package io.streamcream.sovits.g2pw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamcream.sovits.text.PinyinPhones;

/**
 * g2pW's label space, built as upstream builds it from the model folder's tables:
 * <ul>
 *   <li>{@code POLYPHONIC_CHARS.txt}: lines {@code char<TAB>label}, a label being bopomofo plus a tone digit (1–5).
 *       The labels are the sorted distinct labels; each character's candidates are the indices of its labels, in file
 *       order; the characters are sorted, and {@code char_ids} is a character's index among them.</li>
 *   <li>{@code bopomofo_to_pinyin_wo_tune_dict.json}: bopomofo without tone → pinyin without tone. A label's reading
 *       is that pinyin followed by the label's tone digit.</li>
 * </ul>
 * Every label is checked at load to map to a syllable the phone table knows, so a bad table fails the bundle, not a
 * request.
 */
public final class G2pwLabels {
    private final List<String> labels;
    private final String[] readings;
    private final Map<Character, int[]> candidates;
    private final Map<Character, Integer> charIds;

    private G2pwLabels(List<String> labels, String[] readings, Map<Character, int[]> candidates,
                       Map<Character, Integer> charIds) {
        this.labels = labels;
        this.readings = readings;
        this.candidates = candidates;
        this.charIds = charIds;
    }

    /**
     * @param polyphonicChars  {@code POLYPHONIC_CHARS.txt}
     * @param bopomofoToPinyin {@code bopomofo_to_pinyin_wo_tune_dict.json}
     * @return the tables
     * @throws IOException              when a file cannot be read
     * @throws IllegalArgumentException naming the first malformed line or unmappable label
     */
    public static G2pwLabels read(Path polyphonicChars, Path bopomofoToPinyin) throws IOException {
        List<String> lines = Files.readAllLines(polyphonicChars);
        Map<Character, List<String>> byChar = new TreeMap<>();
        TreeSet<String> distinct = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2 || parts[0].length() != 1 || parts[1].length() < 2
                    || !Character.isDigit(parts[1].charAt(parts[1].length() - 1))) {
                throw new IllegalArgumentException(polyphonicChars + " line " + (i + 1)
                        + ": expected <character><TAB><bopomofo><tone digit>, got \"" + line + "\"");
            }
            byChar.computeIfAbsent(parts[0].charAt(0), c -> new ArrayList<>()).add(parts[1]);
            distinct.add(parts[1]);
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException(polyphonicChars + " lists no polyphonic character");
        }
        JsonNode table = new ObjectMapper().readTree(bopomofoToPinyin.toFile());
        if (table == null || !table.isObject()) {
            throw new IllegalArgumentException(bopomofoToPinyin + " is not a JSON object");
        }
        List<String> labels = List.copyOf(distinct);
        String[] readings = new String[labels.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            index.put(label, i);
            JsonNode pinyin = table.get(label.substring(0, label.length() - 1));
            if (pinyin == null || !pinyin.isTextual()) {
                throw new IllegalArgumentException(bopomofoToPinyin + " has no pinyin for the bopomofo of label " + label);
            }
            String syllable = pinyin.asText().strip().replace('ü', 'v');
            int tone = label.charAt(label.length() - 1) - '0';
            try {
                PinyinPhones.phones(syllable, tone);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("g2pW label " + label + " maps to \"" + syllable + tone
                        + "\", which is not a Mandarin syllable the phone table knows", e);
            }
            readings[i] = syllable + tone;
        }
        Map<Character, int[]> candidates = new HashMap<>();
        Map<Character, Integer> charIds = new HashMap<>();
        int charId = 0;
        for (Map.Entry<Character, List<String>> entry : byChar.entrySet()) {
            candidates.put(entry.getKey(), entry.getValue().stream().mapToInt(index::get).toArray());
            charIds.put(entry.getKey(), charId++);
        }
        return new G2pwLabels(labels, readings, candidates, charIds);
    }

    /** @return the number of labels (the width of {@code phoneme_mask} and {@code probs}) */
    public int size() {
        return labels.size();
    }

    /**
     * @param c a (traditional) character
     * @return its index among the sorted polyphonic characters, or -1 when it is not one
     */
    public int charId(char c) {
        Integer id = charIds.get(c);
        return id == null ? -1 : id;
    }

    /**
     * @param c a polyphonic character
     * @return the label indices it may take
     */
    public int[] candidates(char c) {
        return candidates.get(c);
    }

    /**
     * @param label a label index
     * @return its reading, such as {@code chang2}
     */
    public String reading(int label) {
        return readings[label];
    }

    /**
     * @param label a label index
     * @return the label itself (bopomofo and tone digit)
     */
    public String label(int label) {
        return labels.get(label);
    }
}
