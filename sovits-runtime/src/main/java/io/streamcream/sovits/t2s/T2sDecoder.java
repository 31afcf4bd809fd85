package io.streamcream.sovits.t2s;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamcream.nativebindings.ort.ElementType;
import io.streamcream.nativebindings.ort.PreparedRun;
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
 * The KV cache is position-major, so the prefill writes its rows straight into the cache prefix, each step's inputs are
 * views of the rows filled so far and its outputs are the next free row: nothing of the cache passes through the Java
 * heap. The cache lives in a workspace (native K and V of at least {@code N + P + maxTokens} rows, the token, position
 * and logits tensors, and one prepared step run per cache length) that is taken from a small pool for each decode and
 * returned afterwards. The cache buffers come from a {@link KvPlacement}: host memory on the CPU execution provider,
 * device memory when the sessions run on CUDA (then only the token, position and logits cross the bus per step).
 * On a warm workspace a decode step creates no Java objects: it writes the token and position,
 * runs the prepared step and copies the logits into a reused array, and the {@link Sampler} reuses its buffers.
 * <p>
 * Thread-safe: concurrent decodes use different workspaces (sessions are shared).
 */
public final class T2sDecoder implements AutoCloseable {
    /** Workspace capacities are rounded up to a multiple of this many rows, so similar requests share them. */
    static final long ROW_GRANULE = 256;
    /** Output of a decode. */
    public record Result(long[] tokens, boolean stoppedByEos) {
    }

    private final Session prefill;
    private final Session step;
    private final int layers;
    private final int width;
    private final int vocab;
    private final int eos;
    private final int idleLimit;
    private final KvPlacement placement;
    private final List<Workspace> idle = new ArrayList<>();
    private boolean closed;

    /**
     * @param prefill the prefill graph
     * @param step    the step graph
     * @param layers  L
     * @param width   D (512 for v2)
     * @param vocab   logits width (1025)
     * @param eos     EOS id (1024)
     */
    public T2sDecoder(Session prefill, Session step, int layers, int width, int vocab, int eos) {
        this(prefill, step, layers, width, vocab, eos, 1);
    }

    /**
     * @param prefill   the prefill graph
     * @param step      the step graph
     * @param layers    L
     * @param width     D (512 for v2)
     * @param vocab     logits width (1025)
     * @param eos       EOS id (1024)
     * @param idleLimit workspaces kept for reuse between decodes (at least 1; use the number of concurrent decodes)
     */
    public T2sDecoder(Session prefill, Session step, int layers, int width, int vocab, int eos, int idleLimit) {
        this(prefill, step, layers, width, vocab, eos, idleLimit, KvPlacement.host());
    }

    /**
     * @param prefill   the prefill graph
     * @param step      the step graph
     * @param layers    L
     * @param width     D (512 for v2)
     * @param vocab     logits width (1025)
     * @param eos       EOS id (1024)
     * @param idleLimit workspaces kept for reuse between decodes (at least 1; use the number of concurrent decodes)
     * @param placement where the KV caches live: host memory, or device memory when the sessions run on CUDA
     */
    public T2sDecoder(Session prefill, Session step, int layers, int width, int vocab, int eos, int idleLimit,
                      KvPlacement placement) {
        if (idleLimit < 1) {
            throw new IllegalArgumentException("idleLimit must be >= 1");
        }
        this.idleLimit = idleLimit;
        this.placement = placement;
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
        Sampler sampler = new Sampler(params, vocab);
        for (long t : prompts) {
            sampler.remember(t);
        }
        long[] generated = new long[params.maxTokens()];
        int count = 0;
        boolean eosStop = false;
        float[] logits = new float[vocab];
        Workspace ws = acquire(prefix + params.maxTokens());
        try {
            try (Tensor ids = Tensor.ofLongs(phonemeIds, 1, n);
                 Tensor bertIn = Tensor.ofFloats(bert, 1, bert.length / n, n);
                 Tensor promptIn = Tensor.ofLongs(prompts, 1, p);
                 Tensor kPrefix = ws.kCache.view(0, prefix * ws.rowBytes, prefix, layers, width);
                 Tensor vPrefix = ws.vCache.view(0, prefix * ws.rowBytes, prefix, layers, width)) {
                prefill.runInto(Map.of("phoneme_ids", ids, "bert", bertIn, "prompts", promptIn),
                        Map.of("logits", ws.logits, "k", kPrefix, "v", vPrefix));
            }
            MemorySegment logitsData = ws.logits.data();
            MemorySegment tokenData = ws.token.data();
            MemorySegment posData = ws.pos.data();
            PreparedRun[] runs = ws.runs;
            readLogits(logitsData, logits);
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
                PreparedRun run = runs[prefix + idx];
                if (run == null) {
                    run = ws.build(prefix + idx);
                }
                step(run, tokenData, sampled, posData, (long) p + idx, logitsData, logits);
            }
        } finally {
            release(ws);
        }
        return new Result(Arrays.copyOf(generated, count), eosStop);
    }

    /**
     * One decode step, kept out of the (large) decode loop so the JIT compiles it as a unit: the status handle that a
     * run returns is only free of heap allocation when C2 inlines the whole downcall chain, which the loop's inlining
     * budget does not always allow.
     */
    private void step(PreparedRun run, MemorySegment tokenData, long token, MemorySegment posData, long pos,
                      MemorySegment logitsData, float[] logits) {
        tokenData.set(ValueLayout.JAVA_LONG, 0, token);
        posData.set(ValueLayout.JAVA_LONG, 0, pos);
        run.run();
        readLogits(logitsData, logits);
    }

    /** Copies the logits to the heap element by element ({@code MemorySegment.copy} wraps the array in a segment). */
    private void readLogits(MemorySegment data, float[] logits) {
        for (int i = 0; i < vocab; i++) {
            logits[i] = data.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        }
    }

    /** Idle workspaces kept for the next request (at most {@link #idleLimit}). */
    private synchronized Workspace takeIdle(long rows) {
        if (closed) {
            throw new IllegalStateException("T2S decoder is closed");
        }
        Workspace best = null;
        for (Workspace w : idle) {
            if (w.capacity >= rows && (best == null || w.capacity < best.capacity)) {
                best = w;
            }
        }
        if (best != null) {
            idle.remove(best);
        }
        return best;
    }

    private Workspace acquire(long rows) {
        Workspace reused = takeIdle(rows);
        if (reused != null) {
            return reused;
        }
        long capacity = (rows + ROW_GRANULE - 1) / ROW_GRANULE * ROW_GRANULE;
        return new Workspace(capacity);
    }

    private void release(Workspace ws) {
        Workspace evicted = ws;
        synchronized (this) {
            if (!closed) {
                if (idle.size() < idleLimit) {
                    idle.add(ws);
                    evicted = null;
                } else {
                    Workspace smallest = ws;
                    for (Workspace w : idle) {
                        if (w.capacity < smallest.capacity) {
                            smallest = w;
                        }
                    }
                    if (smallest != ws) {
                        idle.remove(smallest);
                        idle.add(ws);
                        evicted = smallest;
                    }
                }
            }
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    /** @return where the KV caches live ({@code host} or {@code cuda:<device>}) */
    public String kvPlacement() {
        return placement.name();
    }

    /** @return how many workspaces wait for reuse (for tests and monitoring) */
    public synchronized int idleWorkspaces() {
        return idle.size();
    }

    /**
     * Releases the idle workspaces; a decode still running releases its own when it ends. Later decodes fail.
     */
    @Override
    public void close() {
        List<Workspace> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        toClose.forEach(Workspace::close);
    }

    /**
     * One decode's native state, reused by later decodes: the K and V caches ({@code capacity} rows of
     * {@code L·D} floats, from {@code calloc}, so only rows that are written become resident), the {@code token},
     * {@code pos} and {@code logits} tensors, and per cache length S a prepared step run whose inputs view rows
     * {@code [0,S)} and whose outputs are row S. A step run is built the first time a length is reached and kept, so
     * a warm workspace decodes without creating anything per token.
     */
    private final class Workspace implements AutoCloseable {
        final long capacity;
        final long rowBytes;
        final KvBuffer kCache;
        final KvBuffer vCache;
        final Tensor token;
        final Tensor pos;
        final Tensor logits;
        final StepRun[] steps;
        final PreparedRun[] runs;

        Workspace(long capacity) {
            this.capacity = capacity;
            this.rowBytes = (long) layers * width * Float.BYTES;
            KvBuffer k = null;
            KvBuffer v = null;
            Tensor t = null;
            Tensor ps = null;
            Tensor lg = null;
            try {
                k = placement.allocate(capacity * rowBytes);
                v = placement.allocate(capacity * rowBytes);
                t = Tensor.allocate(ElementType.INT64, 1, 1);
                ps = Tensor.allocate(ElementType.INT64, 1);
                lg = Tensor.allocate(ElementType.FLOAT, 1, vocab);
            } catch (RuntimeException e) {
                for (AutoCloseable x : new AutoCloseable[] {lg, ps, t, v, k}) {
                    closeQuietly(x, e);
                }
                throw e;
            }
            this.kCache = k;
            this.vCache = v;
            this.token = t;
            this.pos = ps;
            this.logits = lg;
            this.steps = new StepRun[Math.toIntExact(capacity)];
            this.runs = new PreparedRun[steps.length];
        }

        /** Builds and keeps the step run for cache length {@code filled}. */
        PreparedRun build(int filled) {
            StepRun run = StepRun.create(step, kCache, vCache, filled, rowBytes, layers, width, token, pos, logits);
            steps[filled] = run;
            runs[filled] = run.run();
            return runs[filled];
        }

        @Override
        public void close() {
            for (StepRun run : steps) {
                if (run != null) {
                    run.close();
                }
            }
            token.close();
            pos.close();
            logits.close();
            kCache.close();
            vCache.close();
        }
    }

    private static void closeQuietly(AutoCloseable resource, RuntimeException failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** A prepared step over cache rows {@code [0,filled)} writing row {@code filled}. */
    private record StepRun(PreparedRun run, Tensor kIn, Tensor vIn, Tensor kOut, Tensor vOut) implements AutoCloseable {
        static StepRun create(Session step, KvBuffer kCache, KvBuffer vCache, long filled, long rowBytes,
                              int layers, int width, Tensor token, Tensor pos, Tensor logits) {
            List<Tensor> made = new ArrayList<>(4);
            try {
                Tensor kIn = add(made, kCache.view(0, filled * rowBytes, filled, layers, width));
                Tensor vIn = add(made, vCache.view(0, filled * rowBytes, filled, layers, width));
                Tensor kOut = add(made, kCache.view(filled * rowBytes, rowBytes, 1, layers, width));
                Tensor vOut = add(made, vCache.view(filled * rowBytes, rowBytes, 1, layers, width));
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                inputs.put("token", token);
                inputs.put("pos", pos);
                inputs.put("k_cache", kIn);
                inputs.put("v_cache", vIn);
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                outputs.put("logits", logits);
                outputs.put("k_new", kOut);
                outputs.put("v_new", vOut);
                return new StepRun(step.prepare(inputs, outputs), kIn, vIn, kOut, vOut);
            } catch (RuntimeException e) {
                made.forEach(Tensor::close);
                throw e;
            }
        }

        private static Tensor add(List<Tensor> made, Tensor t) {
            made.add(t);
            return t;
        }

        @Override
        public void close() {
            run.close();
            kIn.close();
            vIn.close();
            kOut.close();
            vOut.close();
        }
    }
}
