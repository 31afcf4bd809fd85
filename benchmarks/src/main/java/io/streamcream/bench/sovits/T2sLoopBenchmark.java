package io.streamcream.bench.sovits;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.SessionOptions;
import io.streamcream.nativebindings.ort.Tensor;
import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.t2s.Sampler;
import io.streamcream.sovits.t2s.T2sDecoder;

/**
 * Issue #5: the T2S decode loop at GPT-SoVITS v2 size (24 layers, width 512, 16 heads, vocab 1025, random weights,
 * see {@link FullSizeT2s}) on this CPU, with a prompt of {@code N} phones and {@code P} prompt tokens:
 * <ul>
 *   <li>prefill time (a decode capped at one token, which runs the prefill and one sample);</li>
 *   <li>milliseconds per decoded token at 1 and 2 intra-op threads, from a decode of {@code T} tokens minus the
 *       prefill;</li>
 *   <li>Java heap bytes allocated per token (ThreadMXBean), from the difference of a {@code T}-token and a
 *       {@code T/4}-token decode on a warm workspace;</li>
 *   <li>the same for a naive loop that copies the whole KV cache through the Java heap each step (read the new rows
 *       into float arrays, then copy the grown cache into fresh input tensors).</li>
 * </ul>
 * Each configuration is measured {@code R} times and the median is reported.
 *
 * <pre>
 * java -Xmx4g --enable-native-access=ALL-UNNAMED \
 *      -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      io.streamcream.bench.sovits.T2sLoopBenchmark [tokens=120] [repeats=3] [phones=60] [promptTokens=150] [threads=1,2]
 * </pre>
 * The graphs (≈ 2 × 310 MB) are written once to {@code -Dt2s.dir} (default {@code $TMPDIR/streamcream-t2s-v2}) and
 * reused by later runs.
 */
public final class T2sLoopBenchmark {

    private T2sLoopBenchmark() {
    }

    /**
     * @param args tokens, repeats, phones, prompt tokens
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int phones = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int promptTokens = args.length > 3 ? Integer.parseInt(args[3]) : 150;
        int[] threadCounts = args.length > 4 ? Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        long built = System.nanoTime();
        Path dir = Path.of(System.getProperty("t2s.dir", System.getProperty("java.io.tmpdir") + "/streamcream-t2s-v2"));
        Files.createDirectories(dir);
        Path prefillFile = dir.resolve("t2s_prefill.onnx");
        Path stepFile = dir.resolve("t2s_step.onnx");
        if (!Files.exists(stepFile)) {
            Files.write(prefillFile, FullSizeT2s.prefill(7));
            Files.write(stepFile, FullSizeT2s.step(7, Long.MAX_VALUE));
            System.out.printf("graphs built in %.1f s", (System.nanoTime() - built) / 1e9);
        } else {
            System.out.print("graphs reused");
        }
        System.out.printf(" (%s): prefill %.0f MB, step %.0f MB%n", dir, Files.size(prefillFile) / 1e6,
                Files.size(stepFile) / 1e6);
        System.out.printf("N=%d phones, P=%d prompt tokens, T=%d decoded tokens, median of %d%n", phones, promptTokens,
                tokens, repeats);
        SplittableRandom random = new SplittableRandom(1);
        long[] ids = random.longs(phones, 0, 732).toArray();
        long[] prompt = random.longs(promptTokens, 0, 1024).toArray();
        float[] bert = new float[1024 * phones];
        for (int i = 0; i < bert.length; i++) {
            bert[i] = (float) random.nextGaussian() * 0.1f;
        }
        SamplingParams params = SamplingParams.defaults().with(15, 1.0, 1.0, 1.35, 42);
        System.out.println();
        System.out.println("| loop | threads | prefill ms | ms per token | tokens/s | heap bytes per token |");
        System.out.println("|---|---|---|---|---|---|");
        try (Environment env = Environment.create()) {
            for (int threads : threadCounts) {
                try (SessionOptions options = SessionOptions.create().intraOpThreads(threads);
                     Session prefill = env.createSession(prefillFile, options);
                     Session step = env.createSession(stepFile, options);
                     T2sDecoder decoder = new T2sDecoder(prefill, step, FullSizeT2s.LAYERS, FullSizeT2s.WIDTH,
                             FullSizeT2s.VOCAB, FullSizeT2s.VOCAB - 1, 1)) {
                    NaiveLoop naive = new NaiveLoop(prefill, step);
                    Measured[] m = measure(repeats, tokens,
                            limit -> decoder.decode(ids, bert, prompt, params.withLimits(1, limit)).tokens().length,
                            limit -> naive.decode(ids, bert, prompt, params, limit));
                    row("runtime (workspace, prepared runs)", threads, m[0]);
                    row("naive (KV cache through the heap)", threads, m[1]);
                }
            }
        }
        System.out.printf("%nheap bytes per token include the result arrays (16 bytes per token)%n");
    }

    /** Median prefill, per-token time and per-token allocation. */
    private record Measured(double prefillMs, double msPerToken, double bytesPerToken) {
    }

    private interface Decode {
        int run(int maxTokens) throws Exception;
    }

    /** Measures the loops in turns (runtime, naive, runtime, ...) so that both see the same background load. */
    private static Measured[] measure(int repeats, int tokens, Decode... loops) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Decode decode : loops) {
            decode.run(tokens);
            decode.run(1);
        }
        double[][] prefill = new double[loops.length][repeats];
        double[][] perToken = new double[loops.length][repeats];
        double[][] bytes = new double[loops.length][repeats];
        int quarter = Math.max(2, tokens / 4);
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < loops.length; i++) {
                Decode decode = loops[i];
                long t0 = System.nanoTime();
                decode.run(1);
                long t1 = System.nanoTime();
                long a0 = mx.getCurrentThreadAllocatedBytes();
                int done = decode.run(tokens);
                long t2 = System.nanoTime();
                long a1 = mx.getCurrentThreadAllocatedBytes();
                int quarterDone = decode.run(quarter);
                long a2 = mx.getCurrentThreadAllocatedBytes();
                if (done != tokens || quarterDone != quarter) {
                    throw new IllegalStateException("decode stopped early: " + done + "/" + tokens);
                }
                prefill[i][r] = (t1 - t0) / 1e6;
                perToken[i][r] = ((t2 - t1) / 1e6 - prefill[i][r]) / (tokens - 1);
                bytes[i][r] = ((a1 - a0) - (a2 - a1)) / (double) (tokens - quarter);
            }
        }
        Measured[] result = new Measured[loops.length];
        for (int i = 0; i < loops.length; i++) {
            result[i] = new Measured(median(prefill[i]), median(perToken[i]), median(bytes[i]));
        }
        return result;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void row(String loop, int threads, Measured m) {
        System.out.printf("| %s | %d | %.1f | %.2f | %.1f | %.0f |%n", loop, threads, m.prefillMs(), m.msPerToken(),
                1000 / m.msPerToken(), m.bytesPerToken());
        System.out.flush();
    }

    /**
     * The loop without the runtime's design: the prefill's cache is copied to Java arrays, and each step copies the
     * whole cache into new input tensors, runs with ORT-allocated outputs and appends the new rows on the heap.
     */
    private static final class NaiveLoop {
        private final Session prefill;
        private final Session step;

        NaiveLoop(Session prefill, Session step) {
            this.prefill = prefill;
            this.step = step;
        }

        int decode(long[] ids, float[] bert, long[] prompt, SamplingParams params, int maxTokens) {
            int n = ids.length;
            int p = prompt.length;
            long row = (long) FullSizeT2s.LAYERS * FullSizeT2s.WIDTH;
            float[] k;
            float[] v;
            float[] logits;
            try (Tensor idsIn = Tensor.ofLongs(ids, 1, n);
                 Tensor bertIn = Tensor.ofFloats(bert, 1, 1024, n);
                 Tensor promptIn = Tensor.ofLongs(prompt, 1, p);
                 RunResult out = prefill.run(Map.of("phoneme_ids", idsIn, "bert", bertIn, "prompts", promptIn))) {
                logits = out.get("logits").toFloatArray();
                k = out.get("k").toFloatArray();
                v = out.get("v").toFloatArray();
            }
            Sampler sampler = new Sampler(params, FullSizeT2s.VOCAB);
            for (long t : prompt) {
                sampler.remember(t);
            }
            int count = 0;
            while (true) {
                int token = sampler.sample(logits, FullSizeT2s.VOCAB - 1);
                sampler.remember(token);
                count++;
                if (count == maxTokens) {
                    return count;
                }
                long rows = k.length / row;
                try (Tensor tokenIn = Tensor.ofLongs(new long[] {token}, 1, 1);
                     Tensor posIn = Tensor.ofLongs(new long[] {p + count - 1}, 1);
                     Tensor kIn = Tensor.ofFloats(k, rows, FullSizeT2s.LAYERS, FullSizeT2s.WIDTH);
                     Tensor vIn = Tensor.ofFloats(v, rows, FullSizeT2s.LAYERS, FullSizeT2s.WIDTH);
                     RunResult out = step.run(Map.of("token", tokenIn, "pos", posIn, "k_cache", kIn, "v_cache", vIn))) {
                    logits = out.get("logits").toFloatArray();
                    float[] kNew = out.get("k_new").toFloatArray();
                    float[] vNew = out.get("v_new").toFloatArray();
                    k = Arrays.copyOf(k, k.length + kNew.length);
                    System.arraycopy(kNew, 0, k, k.length - kNew.length, kNew.length);
                    v = Arrays.copyOf(v, v.length + vNew.length);
                    System.arraycopy(vNew, 0, v, v.length - vNew.length, vNew.length);
                }
            }
        }
    }
}
