package io.streamcream.sovits.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT {@code vocab.txt} used the way upstream's Chinese models use it: one token per character, {@code [UNK]} for
 * characters it lacks, {@code [CLS]} and {@code [SEP]} around the text.
 */
public final class CharVocab {
    private final Map<String, Integer> ids;
    private final int cls;
    private final int sep;
    private final int unk;

    private CharVocab(Map<String, Integer> ids, String source) {
        this.ids = ids;
        this.cls = special(ids, "[CLS]", source);
        this.sep = special(ids, "[SEP]", source);
        this.unk = special(ids, "[UNK]", source);
    }

    private static int special(Map<String, Integer> ids, String token, String source) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("vocabulary " + source + " lacks " + token);
        }
        return id;
    }

    /**
     * @param file one token per line; a token's id is its line number from 0 (the first of duplicates wins)
     * @return the vocabulary
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it lacks {@code [CLS]}, {@code [SEP]} or {@code [UNK]}
     */
    public static CharVocab read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            ids.putIfAbsent(lines.get(i).strip(), i);
        }
        return new CharVocab(ids, file.toString());
    }

    /** @return the ids of bert-base-chinese's special tokens, for a graph that ignores its input ids */
    public static CharVocab specialsOnly() {
        return new CharVocab(Map.of("[CLS]", 101, "[SEP]", 102, "[UNK]", 100), "(built in)");
    }

    /**
     * @param text characters
     * @param from first character
     * @param to   end (exclusive)
     * @return {@code [CLS]}, one id per character of {@code text[from, to)}, {@code [SEP]}
     */
    public long[] encode(String text, int from, int to) {
        long[] out = new long[to - from + 2];
        out[0] = cls;
        for (int i = from; i < to; i++) {
            out[i - from + 1] = ids.getOrDefault(String.valueOf(text.charAt(i)), unk);
        }
        out[out.length - 1] = sep;
        return out;
    }
}
