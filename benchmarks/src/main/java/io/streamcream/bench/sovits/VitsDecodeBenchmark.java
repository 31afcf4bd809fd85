package io.streamcream.bench.sovits;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.SessionOptions;
import io.streamcream.nativebindings.ort.Tensor;

/**
 * Issue #5: GPT-SoVITS v2's {@code decode} at full size ({@link V2SizeVits}, random weights), once as the waveform
 * decoder alone and once complete (reference encoder, {@code enc_p}, flow and generator), decoding {@code T} tokens
 * ({@code T}·1280 samples at 32 kHz) with 60 target phones and a 5 s reference spectrogram, at 1 and 2 intra-op
 * threads: median wall time of {@code R} runs and its real-time factor.
 *
 * <pre>
 * java -Xmx4g --enable-native-access=ALL-UNNAMED \
 *      -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      io.streamcream.bench.sovits.VitsDecodeBenchmark [tokens=100] [repeats=3]
 * </pre>
 */
public final class VitsDecodeBenchmark {

    private VitsDecodeBenchmark() {
    }

    /**
     * @param args tokens, repeats
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SplittableRandom random = new SplittableRandom(3);
        long[] codes = random.longs(tokens, 0, 1024).toArray();
        float[] noise = new float[192 * 2 * tokens];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian() * 0.5f;
        }
        long[] phones = random.longs(60, 1, 732).toArray();
        float[] spec = new float[1025 * 250];
        for (int i = 0; i < spec.length; i++) {
            spec[i] = (float) Math.abs(random.nextGaussian());
        }
        System.out.println("| graph | size | threads | decode ms (median) | real-time factor |");
        System.out.println("|---|---|---|---|---|");
        try (Environment env = Environment.create()) {
            for (boolean complete : new boolean[] {false, true}) {
                byte[] model = V2SizeVits.graph(11, complete);
                for (int threads : new int[] {1, 2}) {
                    try (SessionOptions options = SessionOptions.create().intraOpThreads(threads);
                         Session vits = env.createSession(model, options);
                         Tensor semantic = Tensor.ofLongs(codes, 1, 1, tokens);
                         Tensor text = Tensor.ofLongs(phones, 1, phones.length);
                         Tensor specIn = Tensor.ofFloats(spec, 1, 1025, 250);
                         Tensor noiseIn = Tensor.ofFloats(noise, 1, 192, 2L * tokens);
                         Tensor speed = Tensor.ofFloats(new float[] {1f}, 1)) {
                        Map<String, Tensor> feeds = Map.of("pred_semantic", semantic, "text_seq", text, "refer_spec", specIn,
                                "noise", noiseIn, "speed", speed);
                        double[] ms = new double[repeats];
                        try (RunResult warm = vits.run(feeds)) {
                            long samples = warm.get("audio").elementCount();
                            if (samples != tokens * 1280L) {
                                throw new IllegalStateException("expected " + tokens * 1280 + " samples, got " + samples);
                            }
                        }
                        for (int r = 0; r < repeats; r++) {
                            long t0 = System.nanoTime();
                            try (RunResult out = vits.run(feeds)) {
                                ms[r] = (System.nanoTime() - t0) / 1e6;
                            }
                        }
                        Arrays.sort(ms);
                        double median = ms[repeats / 2];
                        System.out.printf("| %s | %.0f MB | %d | %.0f | %.3f |%n", complete ? "complete" : "decoder only",
                                model.length / 1e6, threads, median, median / 1000 / (tokens * 1280 / 32000.0));
                    }
                }
            }
        }
    }
}
