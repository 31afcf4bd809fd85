package io.streamcream.sovits.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.Tensor;
import io.streamcream.sovits.bundle.BundleException;
import io.streamcream.sovits.text.CharVocab;
import io.streamcream.sovits.text.TextFrontend;

/**
 * BERT features as upstream: only for Chinese runs, and zeros for everything else or when the bundle has no
 * {@code bert} graph. The normalised Chinese text is tokenised one character per token ({@code [UNK]} for characters
 * the vocabulary lacks) between {@code [CLS]} and {@code [SEP]}; the graph's {@code hidden} rows for the characters
 * are repeated {@code word2ph[i]} times, giving columns of a row-major {@code [1024, phones]} matrix.
 */
public final class BertFeatures {
    /** Feature width. */
    public static final int DIM = 1024;

    private final Session bert;
    private final CharVocab vocab;

    private BertFeatures(Session bert, CharVocab vocab) {
        this.bert = bert;
        this.vocab = vocab;
    }

    /**
     * @return features that are always zero (no {@code bert} graph)
     */
    public static BertFeatures zeros() {
        return new BertFeatures(null, CharVocab.specialsOnly());
    }

    /**
     * @param bert      the graph
     * @param vocabFile {@code vocab.txt}: one token per line, id = line number from 0
     * @return the features
     * @throws BundleException when the vocabulary cannot be read or lacks the special tokens
     */
    public static BertFeatures load(Session bert, Path vocabFile) {
        try {
            return new BertFeatures(bert, CharVocab.read(vocabFile));
        } catch (IOException e) {
            throw new BundleException("bert vocabulary " + vocabFile + " cannot be read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new BundleException("bert " + e.getMessage(), e);
        }
    }

    /**
     * @param phonemes a piece's phones
     * @return row-major {@code [1024, phones]}
     */
    public float[] features(TextFrontend.Phonemes phonemes) {
        int n = phonemes.ids().length;
        float[] out = new float[DIM * n];
        if (bert == null) {
            return out;
        }
        int column = 0;
        for (TextFrontend.Run run : phonemes.runs()) {
            if (run.language().equals("zh") && run.word2ph() != null && !run.normText().isEmpty()) {
                fill(run, out, n, column);
            }
            column += run.phones().size();
        }
        return out;
    }

    private void fill(TextFrontend.Run run, float[] out, int n, int column) {
        String text = run.normText();
        int sum = 0;
        for (int w : run.word2ph()) {
            sum += w;
        }
        if (sum != run.phones().size() || run.word2ph().length != text.length()) {
            throw new IllegalStateException("word2ph " + java.util.Arrays.toString(run.word2ph()) + " does not cover the "
                    + run.phones().size() + " phones of \"" + text + "\"");
        }
        long[] ids = vocab.encode(text, 0, text.length());
        long[] ones = new long[ids.length];
        java.util.Arrays.fill(ones, 1);
        try (Tensor in = Tensor.ofLongs(ids, 1, ids.length);
             Tensor mask = Tensor.ofLongs(ones, 1, ids.length);
             Tensor types = Tensor.ofLongs(new long[ids.length], 1, ids.length);
             RunResult r = bert.run(Map.of("input_ids", in, "attention_mask", mask, "token_type_ids", types))) {
            float[] hidden = r.get("hidden").toFloatArray();
            int col = column;
            for (int i = 0; i < text.length(); i++) {
                for (int rep = 0; rep < run.word2ph()[i]; rep++, col++) {
                    for (int d = 0; d < DIM; d++) {
                        out[d * n + col] = hidden[(i + 1) * DIM + d];
                    }
                }
            }
        }
    }
}
