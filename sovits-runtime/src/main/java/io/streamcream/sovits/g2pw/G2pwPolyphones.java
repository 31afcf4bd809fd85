package io.streamcream.sovits.g2pw;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.hankcs.hanlp.HanLP;

import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.Tensor;
import io.streamcream.sovits.bundle.BundleException;
import io.streamcream.sovits.bundle.GraphSpec;
import io.streamcream.sovits.text.CharVocab;
import io.streamcream.sovits.text.PolyphoneModel;

/**
 * Readings of polyphonic characters from the g2pW graph, as upstream's {@code G2PWOnnxConverter} feeds it:
 * <ul>
 *   <li>the sentence is converted to Taiwan traditional characters (the model and its tables use them; HanLP's
 *       {@code s2tw}, character by character when a phrase conversion would change the length);</li>
 *   <li>every character that is in {@code POLYPHONIC_CHARS} is a query, except 一 and 不, whose readings the tone
 *       sandhi rules decide;</li>
 *   <li>each query is one batch row: {@code [CLS]} + up to 16 characters either side + {@code [SEP]}
 *       ({@code input_ids}, zero {@code token_type_ids}, {@code attention_mask} 1 over the row and 0 over padding),
 *       {@code phoneme_mask} 1 at the character's candidate labels, {@code char_ids} the character's index,
 *       {@code position_ids} the query's token index;</li>
 *   <li>the reading is the candidate label with the highest {@code probs}.</li>
 * </ul>
 * Thread-safe: ORT sessions run concurrently and nothing else is shared.
 */
public final class G2pwPolyphones implements PolyphoneModel {
    /** Characters of context on each side of a query (upstream's default {@code g2pw_polyphonic_context_chars}). */
    static final int CONTEXT = 16;
    private static final String SANDHI_DECIDES = "一不";

    private final Session session;
    private final CharVocab vocab;
    private final G2pwLabels labels;

    /**
     * @param session the g2pW graph
     * @param vocab   its tokenizer vocabulary
     * @param labels  its label tables
     */
    public G2pwPolyphones(Session session, CharVocab vocab, G2pwLabels labels) {
        this.session = session;
        this.vocab = vocab;
        this.labels = labels;
    }

    /**
     * Reads the tables a bundle's {@code g2pw} entry names and checks them against the graph's declared label width.
     *
     * @param session the loaded g2pW graph
     * @param spec    its manifest entry
     * @return the model
     * @throws BundleException naming the file or the mismatch
     */
    public static G2pwPolyphones load(Session session, GraphSpec spec) {
        Path vocabFile = spec.vocab().orElseThrow();
        CharVocab vocab;
        G2pwLabels labels;
        try {
            vocab = CharVocab.read(vocabFile);
        } catch (IOException e) {
            throw new BundleException("g2pw vocabulary " + vocabFile + " cannot be read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new BundleException("g2pw " + e.getMessage(), e);
        }
        try {
            labels = G2pwLabels.read(spec.table("polyphonic_chars"), spec.table("bopomofo_to_pinyin"));
        } catch (IOException e) {
            throw new BundleException("g2pw tables cannot be read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new BundleException("g2pw tables: " + e.getMessage(), e);
        }
        for (String[] port : new String[][] {{"input", "phoneme_mask"}, {"output", "probs"}}) {
            long width = (port[0].equals("input") ? spec.input(port[1]) : spec.output(port[1])).dim(1);
            if (width != -1 && width != labels.size()) {
                throw new BundleException("g2pw " + port[0] + " " + port[1] + " has " + width + " labels but "
                        + spec.table("polyphonic_chars").getFileName() + " defines " + labels.size());
            }
        }
        return new G2pwPolyphones(session, vocab, labels);
    }

    @Override
    public String[] predict(String sentence) {
        String[] readings = new String[sentence.length()];
        String traditional = traditional(sentence);
        List<Integer> queries = new ArrayList<>();
        for (int i = 0; i < traditional.length(); i++) {
            if (labels.charId(traditional.charAt(i)) >= 0 && SANDHI_DECIDES.indexOf(sentence.charAt(i)) < 0) {
                queries.add(i);
            }
        }
        if (queries.isEmpty()) {
            return readings;
        }
        int rows = queries.size();
        long[][] tokens = new long[rows][];
        int width = 0;
        for (int r = 0; r < rows; r++) {
            int at = queries.get(r);
            tokens[r] = vocab.encode(traditional, Math.max(0, at - CONTEXT), Math.min(traditional.length(), at + CONTEXT + 1));
            width = Math.max(width, tokens[r].length);
        }
        int n = labels.size();
        long[] ids = new long[rows * width];
        long[] attention = new long[rows * width];
        float[] mask = new float[rows * n];
        long[] charIds = new long[rows];
        long[] positions = new long[rows];
        for (int r = 0; r < rows; r++) {
            int at = queries.get(r);
            char c = traditional.charAt(at);
            System.arraycopy(tokens[r], 0, ids, r * width, tokens[r].length);
            Arrays.fill(attention, r * width, r * width + tokens[r].length, 1);
            for (int label : labels.candidates(c)) {
                mask[r * n + label] = 1;
            }
            charIds[r] = labels.charId(c);
            positions[r] = at - Math.max(0, at - CONTEXT) + 1;
        }
        float[] probs;
        try (Tensor idsIn = Tensor.ofLongs(ids, rows, width);
             Tensor typesIn = Tensor.ofLongs(new long[rows * width], rows, width);
             Tensor attentionIn = Tensor.ofLongs(attention, rows, width);
             Tensor maskIn = Tensor.ofFloats(mask, rows, n);
             Tensor charIn = Tensor.ofLongs(charIds, rows);
             Tensor positionIn = Tensor.ofLongs(positions, rows);
             RunResult result = session.run(Map.of("input_ids", idsIn, "token_type_ids", typesIn,
                     "attention_mask", attentionIn, "phoneme_mask", maskIn, "char_ids", charIn,
                     "position_ids", positionIn))) {
            probs = result.get("probs").toFloatArray();
        }
        if (probs.length != rows * n) {
            throw new IllegalStateException("g2pW returned " + probs.length + " probabilities for " + rows + " queries of "
                    + n + " labels");
        }
        for (int r = 0; r < rows; r++) {
            int best = -1;
            for (int label : labels.candidates(traditional.charAt(queries.get(r)))) {
                if (best < 0 || probs[r * n + label] > probs[r * n + best]) {
                    best = label;
                }
            }
            readings[queries.get(r)] = labels.reading(best);
        }
        return readings;
    }

    /** The sentence in Taiwan traditional characters, one character for each of the sentence's. */
    static String traditional(String sentence) {
        String whole = HanLP.s2tw(sentence);
        if (whole.length() == sentence.length()) {
            return whole;
        }
        StringBuilder out = new StringBuilder(sentence.length());
        for (int i = 0; i < sentence.length(); i++) {
            String one = HanLP.s2tw(String.valueOf(sentence.charAt(i)));
            out.append(one.length() == 1 ? one.charAt(0) : sentence.charAt(i));
        }
        return out.toString();
    }
}
