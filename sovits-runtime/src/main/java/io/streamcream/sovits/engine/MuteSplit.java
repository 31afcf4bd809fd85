package io.streamcream.sovits.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import io.streamcream.sovits.bundle.BundleException;

/**
 * Where streaming mode 2 cuts the semantic tokens: near "mute-like" tokens, whose codebook rows are
 * close (cosine similarity) to the mute token's.
 *
 * <p>The rule is upstream's. Once {@code chunkLength + 2} tokens are pending, each pending token scores its
 * similarity minus the threshold (0.0 in api_v2); a negative score counts as −1. Each score is then added to the
 * next token's, so that two quiet tokens in a row win. The first highest score is the cut, taken when it is at
 * least 0 and leaves at least {@code chunkLength} tokens before it. Upstream hands out all pending tokens at a cut
 * but only moves past the cut, so the tokens after it reach VITS twice; here a chunk ends at the cut.
 */
final class MuteSplit {

    /** api_v2's {@code chunk_split_thershold}. */
    static final float THRESHOLD = 0.0f;
    /** Tokens pending beyond the chunk length before a cut is looked for. */
    static final int LOOKAHEAD = 2;

    private MuteSplit() {
    }

    /**
     * @param similarity  similarity of each token id to the mute token
     * @param tokens      generated tokens
     * @param from        first pending token
     * @param to          end of the pending tokens
     * @param chunkLength {@code min_chunk_length}
     * @return how many pending tokens the next chunk takes, or 0 for no cut yet
     */
    static int cut(float[] similarity, long[] tokens, int from, int to, int chunkLength) {
        int n = to - from;
        if (n < chunkLength + LOOKAHEAD) {
            return 0;
        }
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float pair = i + 1 < n ? score(similarity, tokens[from + i]) + score(similarity, tokens[from + i + 1])
                    : score(similarity, tokens[from + i]);
            if (pair > bestScore) {
                bestScore = pair;
                best = i;
            }
        }
        return bestScore >= 0 && best + 1 >= chunkLength ? best + 1 : 0;
    }

    /** A token's similarity above the threshold, or −1 when below it (or not in the table). */
    private static float score(float[] similarity, long token) {
        float s = token >= 0 && token < similarity.length ? similarity[(int) token] - THRESHOLD : -1;
        return s < 0 ? -1 : s;
    }

    /**
     * Reads a bundle's similarity table.
     *
     * @param file   little-endian float32, one per token
     * @param tokens the T2S vocabulary size
     * @return the table
     * @throws BundleException when the file is missing or has another length
     */
    static float[] load(Path file, int tokens) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BundleException("mute_similarity file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length != 4L * tokens) {
            throw new BundleException("mute_similarity file " + file + " has " + bytes.length + " bytes; expected "
                    + tokens + " float32 values (" + 4L * tokens + " bytes), one per T2S token");
        }
        float[] table = new float[tokens];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(table);
        return table;
    }
}
