package io.streamcream.sovits.t2s;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Upstream's {@code logits_to_probs} + {@code sample}, in its order: repetition penalty over every distinct previous
 * token, top-p (before temperature, the first candidate always kept), temperature, top-k (ties kept), softmax, then
 * {@code argmax(p / q)} with {@code q ~ Exp(1)} (the exponential race, equivalent to a multinomial draw).
 * <p>
 * One instance per request: it owns the RNG and reusable buffers, so sampling a token allocates nothing.
 */
public final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;
    private final int vocab;
    private final float[] work;
    private final double[] probs;
    private final long[] order;
    private final boolean[] seen;
    private final boolean[] remove;
    private final float[] sorted;
    private final int[] distinct;
    private int distinctCount;
    private int lastArgmax;

    /**
     * @param params sampling parameters
     * @param vocab  logits width (1025 for v2: 1024 codes + EOS)
     */
    public Sampler(SamplingParams params, int vocab) {
        this.params = params;
        this.vocab = vocab;
        long seed = params.seed() == -1 ? new SecureRandom().nextLong() : params.seed();
        this.random = new SplittableRandom(seed);
        this.work = new float[vocab];
        this.probs = new double[vocab];
        this.order = new long[vocab];
        this.seen = new boolean[vocab];
        this.remove = new boolean[vocab];
        this.sorted = new float[vocab];
        this.distinct = new int[vocab];
    }

    /**
     * Adds a token to the history the repetition penalty looks at (prompt tokens, then every generated token).
     *
     * @param token the token
     */
    public void remember(long token) {
        int t = (int) token;
        if (t >= 0 && t < vocab && !seen[t]) {
            seen[t] = true;
            distinct[distinctCount++] = t;
        }
    }

    /**
     * Argmax of the penalised logits of the last {@link #sample} call (upstream's EOS check looks at these).
     *
     * @return the index
     */
    public int lastArgmax() {
        return lastArgmax;
    }

    /**
     * Samples one token.
     *
     * @param logits raw logits (not modified)
     * @param width  how many leading entries take part ({@code vocab - 1} removes EOS)
     * @return the token
     */
    public int sample(float[] logits, int width) {
        float[] l = work;
        System.arraycopy(logits, 0, l, 0, width);
        double penalty = params.repetitionPenalty();
        if (penalty != 1.0) {
            for (int i = 0; i < distinctCount; i++) {
                int t = distinct[i];
                if (t < width) {
                    float v = l[t];
                    l[t] = (float) (v < 0 ? v * penalty : v / penalty);
                }
            }
        }
        int argmax = 0;
        for (int i = 1; i < width; i++) {
            if (l[i] > l[argmax]) {
                argmax = i;
            }
        }
        lastArgmax = argmax;
        if (params.topP() < 1.0) {
            topP(l, width, params.topP());
        }
        float temperature = (float) Math.max(params.temperature(), 1e-5);
        for (int i = 0; i < width; i++) {
            l[i] /= temperature;
        }
        int k = params.topK();
        if (k > 0 && k < width) {
            System.arraycopy(l, 0, sorted, 0, width);
            heapSort(sorted, width);
            float threshold = sorted[width - k];
            for (int i = 0; i < width; i++) {
                if (l[i] < threshold) {
                    l[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < width; i++) {
            max = Math.max(max, l[i]);
        }
        double sum = 0;
        for (int i = 0; i < width; i++) {
            double e = l[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(l[i] - max);
            probs[i] = e;
            sum += e;
        }
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < width; i++) {
            double p = probs[i] / sum;
            double q = -Math.log(1.0 - random.nextDouble());
            double score = p / q;
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private void topP(float[] l, int width, double topP) {
        // Descending by value, ties by ascending index (a stable sort's order), without boxing: each key holds the
        // value's order-preserving bits, inverted, above the index.
        for (int i = 0; i < width; i++) {
            int bits = Float.floatToIntBits(l[i]);
            int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
            order[i] = ((long) ~ascending << 32) | i;
        }
        heapSort(order, width);
        float max = l[(int) order[0]];
        double sum = 0;
        for (int i = 0; i < width; i++) {
            sum += Math.exp(l[i] - max);
        }
        double cumulative = 0;
        for (int r = 0; r < width; r++) {
            int i = (int) order[r];
            cumulative += Math.exp(l[i] - max) / sum;
            remove[i] = r > 0 && cumulative > topP;
        }
        for (int i = 0; i < width; i++) {
            if (remove[i]) {
                l[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    // In-place heap sorts: Arrays.sort allocates a few hundred bytes per call on current JDKs, and sampling must not
    // allocate per token. Keys are compared like Float.compare / Long.compare; all long keys here are distinct.

    static void heapSort(float[] a, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            float t = a[0];
            a[0] = a[end];
            a[end] = t;
            siftDown(a, 0, end);
        }
    }

    private static void siftDown(float[] a, int i, int n) {
        float v = a[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && Float.compare(a[child + 1], a[child]) > 0) {
                child++;
            }
            if (Float.compare(a[child], v) <= 0) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = v;
    }

    static void heapSort(long[] a, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            long t = a[0];
            a[0] = a[end];
            a[end] = t;
            siftDown(a, 0, end);
        }
    }

    private static void siftDown(long[] a, int i, int n) {
        long v = a[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[child + 1] > a[child]) {
                child++;
            }
            if (a[child] <= v) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = v;
    }
}
