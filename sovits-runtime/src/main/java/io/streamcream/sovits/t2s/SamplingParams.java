package io.streamcream.sovits.t2s;

/**
 * T2S sampling and stop parameters (api_v2 names).
 *
 * @param topK              keep logits at least the k-th largest; {@code <= 0} disables
 * @param topP              nucleus mass, applied before temperature; {@code >= 1} disables
 * @param temperature       divides the logits (floored at 1e-5)
 * @param repetitionPenalty applied once per distinct token of prompt + generated ({@code 1} disables)
 * @param seed              RNG seed; {@code -1} picks a random seed
 * @param minTokens         EOS is impossible before this many tokens (upstream 11)
 * @param maxTokens         hard cap on generated tokens (upstream 1500)
 */
public record SamplingParams(int topK, double topP, double temperature, double repetitionPenalty, long seed,
                             int minTokens, int maxTokens) {
    /** Upstream minimum token count. */
    public static final int MIN_TOKENS = 11;
    /** Upstream cap. */
    public static final int MAX_TOKENS = 1500;

    /**
     * Validates the values.
     */
    public SamplingParams {
        if (!(topP > 0) || !(temperature > 0) || !(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("top_p, temperature and repetition_penalty must be > 0");
        }
        if (minTokens < 0 || maxTokens < 1) {
            throw new IllegalArgumentException("minTokens >= 0 and maxTokens >= 1 required");
        }
    }

    /**
     * api_v2 defaults: top_k 5, top_p 1, temperature 1, repetition_penalty 1.35, random seed, 11..1500 tokens.
     *
     * @return defaults
     */
    public static SamplingParams defaults() {
        return new SamplingParams(5, 1.0, 1.0, 1.35, -1, MIN_TOKENS, MAX_TOKENS);
    }

    /**
     * Copy with other top-k/top-p/temperature/penalty/seed.
     *
     * @param k       top_k
     * @param p       top_p
     * @param t       temperature
     * @param penalty repetition_penalty
     * @param s       seed
     * @return the copy
     */
    public SamplingParams with(int k, double p, double t, double penalty, long s) {
        return new SamplingParams(k, p, t, penalty, s, minTokens, maxTokens);
    }

    /**
     * Copy with other token limits.
     *
     * @param min minimum tokens
     * @param max cap
     * @return the copy
     */
    public SamplingParams withLimits(int min, int max) {
        return new SamplingParams(topK, topP, temperature, repetitionPenalty, seed, min, max);
    }
}
