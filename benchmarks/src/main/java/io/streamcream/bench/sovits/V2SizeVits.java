package io.streamcream.bench.sovits;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * A {@code vits} graph in the bundle contract's IO whose cost is that of GPT-SoVITS v2's waveform decoder, the part of
 * {@code SynthesizerTrn.decode} that dominates its compute: codes → 192 channels (a codebook lookup), ×2 nearest
 * upsampling to 50 Hz frames, {@code + noise}, then the HiFiGAN generator of the v2 config — {@code conv_pre} 192→512
 * (k 7), upsample rates 10·8·2·2·2 with kernels 16·16·8·2·2 and channels 512→256→128→64→32→16, after each upsample
 * the mean of three type-1 resblocks (kernels 3, 7, 11, dilations 1·3·5, two convolutions per dilation, leaky ReLU
 * 0.1), {@code conv_post} 16→1 (k 7) and tanh: 1280 samples per token. Random weights.
 * <p>
 * Not included: {@code enc_p} (SSL projection, 6+3+3 transformer layers of width 192 and MRTE), the reference
 * encoder and the 4-layer flow; {@code text_seq}, {@code refer_spec} and {@code speed} are accepted and unused.
 */
final class V2SizeVits {
    private static final int CODES = 1024;
    private static final int CHANNELS = 192;
    private static final int[] RATES = {10, 8, 2, 2, 2};
    private static final int[] KERNELS = {16, 16, 8, 2, 2};
    private static final int[] RES_KERNELS = {3, 7, 11};
    private static final int[] DILATIONS = {1, 3, 5};

    private V2SizeVits() {
    }

    private static float[] weights(SplittableRandom random, int n, double std) {
        float[] w = new float[n];
        double a = std * Math.sqrt(3);
        for (int i = 0; i < n; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * a);
        }
        return w;
    }

    private static String conv(OnnxModelBuilder b, SplittableRandom random, String name, String in, int cin, int cout,
                               int kernel, int dilation) {
        int pad = dilation * (kernel - 1) / 2;
        b.initializer(name + "_w", weights(random, cout * cin * kernel, 1 / Math.sqrt(cin * kernel)), cout, cin, kernel)
                .initializer(name + "_b", new float[cout], cout)
                .node("Conv", List.of(in, name + "_w", name + "_b"), List.of(name),
                        Map.of("kernel_shape", new long[] {kernel}, "pads", new long[] {pad, pad},
                                "dilations", new long[] {dilation}));
        return name;
    }

    private static String leaky(OnnxModelBuilder b, String in, String out) {
        b.node("LeakyRelu", List.of(in), List.of(out), Map.of("alpha", 0.1f));
        return out;
    }

    /** @return the graph */
    static byte[] graph(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OnnxModelBuilder b = OnnxModelBuilder.graph("vits")
                .input("pred_semantic", INT64, 1L, 1L, "T").input("text_seq", INT64, 1L, "Nt")
                .input("refer_spec", FLOAT, 1L, 1025L, "F").input("noise", FLOAT, 1L, (long) CHANNELS, "Tz")
                .input("speed", FLOAT, 1L)
                .output("audio", FLOAT, 1L, 1L, "L")
                .initializer("codebook", weights(random, CODES * CHANNELS, 1.0), CODES, CHANNELS)
                .initializer("flat", new long[] {-1}, 1)
                .initializer("axes03", new long[] {0, 3}, 2)
                .initializer("frames_shape", new long[] {1, CHANNELS, -1}, 3)
                .initializer("third", new float[] {1f / 3}, 1)
                .node("Reshape", List.of("pred_semantic", "flat"), List.of("codes"))
                .node("Gather", List.of("codebook", "codes"), List.of("q0"))
                .node("Transpose", List.of("q0"), List.of("q1"), Map.of("perm", new long[] {1, 0}))
                .node("Unsqueeze", List.of("q1", "axes03"), List.of("q2"))
                .node("Concat", List.of("q2", "q2"), List.of("q3"), Map.of("axis", 3L))
                .node("Reshape", List.of("q3", "frames_shape"), List.of("m"))
                .node("Add", List.of("m", "noise"), List.of("z"));
        String x = conv(b, random, "pre", "z", CHANNELS, 512, 7, 1);
        int channels = 512;
        for (int stage = 0; stage < RATES.length; stage++) {
            int out = channels / 2;
            String up = "up" + stage;
            int pad = (KERNELS[stage] - RATES[stage]) / 2;
            b.initializer(up + "_w", weights(random, channels * out * KERNELS[stage], 1 / Math.sqrt(channels * KERNELS[stage])),
                            channels, out, KERNELS[stage])
                    .initializer(up + "_b", new float[out], out)
                    .node("ConvTranspose", List.of(leaky(b, x, up + "_in"), up + "_w", up + "_b"), List.of(up),
                            Map.of("kernel_shape", new long[] {KERNELS[stage]}, "strides", new long[] {RATES[stage]},
                                    "pads", new long[] {pad, pad}));
            String sum = null;
            for (int k = 0; k < RES_KERNELS.length; k++) {
                String h = up;
                for (int d = 0; d < DILATIONS.length; d++) {
                    String name = "s" + stage + "k" + k + "d" + d;
                    String c1 = conv(b, random, name + "a", leaky(b, h, name + "a_in"), out, out, RES_KERNELS[k], DILATIONS[d]);
                    String c2 = conv(b, random, name + "b", leaky(b, c1, name + "b_in"), out, out, RES_KERNELS[k], 1);
                    b.node("Add", List.of(c2, h), List.of(name + "r"));
                    h = name + "r";
                }
                if (sum == null) {
                    sum = h;
                } else {
                    b.node("Add", List.of(sum, h), List.of(h + "_sum"));
                    sum = h + "_sum";
                }
            }
            b.node("Mul", List.of(sum, "third"), List.of("stage" + stage));
            x = "stage" + stage;
            channels = out;
        }
        String post = conv(b, random, "post", leaky(b, x, "post_in"), channels, 1, 7, 1);
        return b.node("Tanh", List.of(post), List.of("audio")).build();
    }
}
