package io.streamcream.sovits.t2s;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;

import io.streamcream.nativebindings.ort.ElementType;
import io.streamcream.nativebindings.ort.IoBinding;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.Tensor;

/**
 * The T2S decode loop over two graphs (IO documented in the module README):
 * <ul>
 *   <li>{@code t2s_prefill}: {@code phoneme_ids} i64[1,N], {@code bert} f32[1,1024,N], {@code prompts} i64[1,P] →
 *       {@code logits} f32[1,V], {@code k}, {@code v} f32[N+P, L, D];</li>
 *   <li>{@code t2s_step}: {@code token} i64[1,1], {@code pos} i64[1], {@code k_cache}, {@code v_cache} f32[S, L, D]
 *       → {@code logits} f32[1,V], {@code k_new}, {@code v_new} f32[1, L, D].</li>
 * </ul>
 * The KV cache is one native allocation per request, sized to {@code N + P + maxTokens} positions. The cache is
 * position-major, so the prefill writes its rows straight into the cache prefix, each step's inputs are views of the
 * rows filled so far and its outputs are bound to the next free row: every step rebinds views through
 * {@link IoBinding} and nothing of the cache passes through the Java heap.
 */
public final class T2sDecoder {
    /** Output of a decode. */
    public record Result(long[] tokens, boolean stoppedByEos) {
    }

    private final Session prefill;
    private final Session step;
    private final int layers;
    private final int width;
    private final int vocab;
    private final int eos;

    /**
     * @param prefill the prefill graph
     * @param step    the step graph
     * @param layers  L
     * @param width   D (512 for v2)
     * @param vocab   logits width (1025)
     * @param eos     EOS id (1024)
     */
    public T2sDecoder(Session prefill, Session step, int layers, int width, int vocab, int eos) {
        this.prefill = prefill;
        this.step = step;
        this.layers = layers;
        this.width = width;
        this.vocab = vocab;
        this.eos = eos;
    }

    /**
     * Generates semantic tokens.
     *
     * @param phonemeIds prompt phones followed by target phones
     * @param bert       BERT features, row-major [1024, N]
     * @param prompts    prompt semantic tokens
     * @param params     sampling parameters
     * @return the generated tokens (without EOS)
     */
    public Result decode(long[] phonemeIds, float[] bert, long[] prompts, SamplingParams params) {
        return decode(phonemeIds, bert, prompts, params, () -> false);
    }

    /**
     * Generates semantic tokens, checking {@code cancelled} before every step.
     *
     * @param phonemeIds prompt phones followed by target phones
     * @param bert       BERT features, row-major [1024, N]
     * @param prompts    prompt semantic tokens
     * @param params     sampling parameters
     * @param cancelled  polled before each step
     * @return the generated tokens (without EOS)
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
     */
    public Result decode(long[] phonemeIds, float[] bert, long[] prompts, SamplingParams params,
                         java.util.function.BooleanSupplier cancelled) {
        return decode(phonemeIds, bert, prompts, params, cancelled, token -> { });
    }

    /**
     * Generates semantic tokens, checking {@code cancelled} before every step and handing each accepted token to
     * {@code onToken} as soon as it is sampled (token-chunked streaming runs VITS from there).
     *
     * @param phonemeIds prompt phones followed by target phones
     * @param bert       BERT features, row-major [1024, N]
     * @param prompts    prompt semantic tokens
     * @param params     sampling parameters
     * @param cancelled  polled before each step
     * @param onToken    called with every generated token, in order (never with EOS)
     * @return the generated tokens (without EOS)
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
     */
    public Result decode(long[] phonemeIds, float[] bert, long[] prompts, SamplingParams params,
                         java.util.function.BooleanSupplier cancelled, java.util.function.LongConsumer onToken) {
        int n = phonemeIds.length;
        int p = prompts.length;
        if (n == 0) {
            throw new IllegalArgumentException("no phonemes");
        }
        if (bert.length % n != 0) {
            throw new IllegalArgumentException("bert has " + bert.length + " values, not a multiple of " + n + " phonemes");
        }
        int prefix = n + p;
        long rowBytes = (long) layers * width * Float.BYTES;
        long capacity = (long) prefix + params.maxTokens();
        Sampler sampler = new Sampler(params, vocab);
        for (long t : prompts) {
            sampler.remember(t);
        }
        long[] generated = new long[params.maxTokens()];
        int count = 0;
        boolean eosStop = false;
        float[] logits = new float[vocab];
        try (Arena arena = Arena.ofConfined();
             Tensor logitsOut = Tensor.allocate(ElementType.FLOAT, 1, vocab);
             Tensor token = Tensor.allocate(ElementType.INT64, 1, 1);
             Tensor pos = Tensor.allocate(ElementType.INT64, 1)) {
            MemorySegment kCache = arena.allocate(capacity * rowBytes, 64);
            MemorySegment vCache = arena.allocate(capacity * rowBytes, 64);
            try (Tensor ids = Tensor.ofLongs(phonemeIds, 1, n);
                 Tensor bertIn = Tensor.ofFloats(bert, 1, bert.length / n, n);
                 Tensor promptIn = Tensor.ofLongs(prompts, 1, p);
                 Tensor kPrefix = Tensor.wrap(kCache.asSlice(0, prefix * rowBytes), ElementType.FLOAT, prefix, layers, width);
                 Tensor vPrefix = Tensor.wrap(vCache.asSlice(0, prefix * rowBytes), ElementType.FLOAT, prefix, layers, width)) {
                prefill.runInto(Map.of("phoneme_ids", ids, "bert", bertIn, "prompts", promptIn),
                        Map.of("logits", logitsOut, "k", kPrefix, "v", vPrefix));
            }
            MemorySegment.copy(logitsOut.data(), ValueLayout.JAVA_FLOAT, 0, logits, 0, vocab);
            try (IoBinding binding = step.createIoBinding()) {
                binding.bindInput("token", token).bindInput("pos", pos).bindOutput("logits", logitsOut);
                for (int idx = 0; ; idx++) {
                    if (cancelled.getAsBoolean()) {
                        throw new java.util.concurrent.CancellationException("synthesis cancelled");
                    }
                    int active = idx < params.minTokens() ? vocab - 1 : vocab;
                    int sampled = sampler.sample(logits, active);
                    if (active == vocab && (sampler.lastArgmax() == eos || sampled == eos)) {
                        eosStop = true;
                        break;
                    }
                    generated[count++] = sampled;
                    sampler.remember(sampled);
                    onToken.accept(sampled);
                    if (count == params.maxTokens()) {
                        break;
                    }
                    long filled = prefix + idx;
                    token.data().setAtIndex(ValueLayout.JAVA_LONG, 0, sampled);
                    pos.data().setAtIndex(ValueLayout.JAVA_LONG, 0, (long) p + idx);
                    try (Tensor kIn = Tensor.wrap(kCache.asSlice(0, filled * rowBytes), ElementType.FLOAT, filled, layers, width);
                         Tensor vIn = Tensor.wrap(vCache.asSlice(0, filled * rowBytes), ElementType.FLOAT, filled, layers, width);
                         Tensor kOut = Tensor.wrap(kCache.asSlice(filled * rowBytes, rowBytes), ElementType.FLOAT, 1, layers, width);
                         Tensor vOut = Tensor.wrap(vCache.asSlice(filled * rowBytes, rowBytes), ElementType.FLOAT, 1, layers, width)) {
                        binding.bindInput("k_cache", kIn).bindInput("v_cache", vIn)
                                .bindOutput("k_new", kOut).bindOutput("v_new", vOut);
                        binding.run();
                    }
                    MemorySegment.copy(logitsOut.data(), ValueLayout.JAVA_FLOAT, 0, logits, 0, vocab);
                }
            }
        }
        return new Result(Arrays.copyOf(generated, count), eosStop);
    }
}
