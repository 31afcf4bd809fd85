package io.streamcream.bench.sovits;

import static io.streamcream.nativebindings.testing.OnnxModelBuilder.FLOAT;
import static io.streamcream.nativebindings.testing.OnnxModelBuilder.INT64;

import java.util.List;
import java.util.Map;

import io.streamcream.nativebindings.testing.OnnxModelBuilder;

/**
 * {@code vits} graphs in the bundle contract's IO at the sizes of GPT-SoVITS v2's {@code SynthesizerTrn.decode},
 * with random weights.
 * <ul>
 *   <li><b>Decoder only</b>: codes → 192 channels (a codebook lookup), ×2 nearest upsampling to 50 Hz frames,
 *       {@code + noise}, then the HiFiGAN generator of the v2 config.</li>
 *   <li><b>Complete</b>: every part of {@code decode}.
 *     <ul>
 *       <li>The reference encoder ({@code MelStyleEncoder}): {@code refer_spec[:, :704]}, two Mish-activated dense
 *           layers of 128, two gated convolutions (kernel 5), 2-head self-attention, a dense layer to 512 and the
 *           mean over time, which gives {@code ge}.</li>
 *       <li>{@code enc_p}:
 *         <ul>
 *           <li>the 768-wide codebook and {@code ssl_proj} to 192;</li>
 *           <li>3 encoder layers on the SSL frames, and the 732-symbol text embedding with 6 encoder layers (width
 *               192, 2 heads, feed-forward 768 with kernel 3);</li>
 *           <li>MRTE cross-attention (512 wide, 4 heads, plus {@code ge});</li>
 *           <li>3 more encoder layers and the projection to {@code m}/{@code logs}.</li>
 *         </ul></li>
 *       <li>{@code z_p = m + noise·exp(logs)}.</li>
 *       <li>The reversed flow: 4 mean-only coupling layers, each a WaveNet of 4 gated layers (kernel 5) conditioned
 *           on {@code ge}, with flips between them.</li>
 *       <li>The generator, with its {@code ge} conditioning added after {@code conv_pre}.</li>
 *     </ul>
 *     The attention is plain scaled dot-product attention. VITS's relative-position terms (window 4) are left out,
 *     so the encoder layers cost slightly less than upstream's.</li>
 * </ul>
 * The generator: {@code conv_pre} 192→512 (kernel 7); upsample rates 10·8·2·2·2 with kernels 16·16·8·2·2 and
 * channels 512→256→128→64→32→16; after each upsample, the mean of three type-1 resblocks (kernels 3, 7, 11,
 * dilations 1·3·5, two convolutions per dilation, leaky ReLU 0.1); {@code conv_post} 16→1 (kernel 7) and tanh.
 * That is 1280 samples per token.
 */
final class V2SizeVits {
    private static final int CODES = 1024;
    private static final int SSL = 768;
    private static final int CHANNELS = 192;
    private static final int FILTER = 768;
    private static final int SYMBOLS = 732;
    private static final int GIN = 512;
    private static final int STYLE_HIDDEN = 128;
    private static final int SPEC_BINS = 704;
    private static final int FLOWS = 4;
    private static final int WAVENET_LAYERS = 4;
    private static final int[] RATES = {10, 8, 2, 2, 2};
    private static final int[] KERNELS = {16, 16, 8, 2, 2};
    private static final int[] RES_KERNELS = {3, 7, 11};
    private static final int[] DILATIONS = {1, 3, 5};

    private V2SizeVits() {
    }

    /**
     * @param seed     weight seed
     * @param complete every part of {@code decode}, or the waveform decoder alone
     * @return the graph
     */
    static byte[] graph(long seed, boolean complete) {
        OnnxModelBuilder b = OnnxModelBuilder.graph("vits")
                .input("pred_semantic", INT64, 1L, 1L, "T").input("text_seq", INT64, 1L, "Nt")
                .input("refer_spec", FLOAT, 1L, 1025L, "F").input("noise", FLOAT, 1L, (long) CHANNELS, "Tz")
                .input("speed", FLOAT, 1L)
                .output("audio", FLOAT, 1L, 1L, "L");
        GraphLayers l = new GraphLayers(b, seed);
        String z;
        String ge = null;
        if (complete) {
            ge = referenceEncoder(l);
            String stats = textEncoder(l, ge);
            String m = l.channels(stats, 0, CHANNELS);
            String logs = l.channels(stats, CHANNELS, 2 * CHANNELS);
            z = flowReverse(l, l.node("Add", m, l.node("Mul", "noise", l.node("Exp", logs))), ge);
        } else {
            z = l.node("Add", upsampledCodes(l, CHANNELS), "noise");
        }
        String audio = generator(l, z, ge);
        return b.node("Identity", List.of(audio), List.of("audio")).build();
    }

    /** Codebook rows for the codes, repeated to two frames per token: {@code [1, width, 2T]}. */
    private static String upsampledCodes(GraphLayers l, int width) {
        String codebook = "codebook" + width;
        l.graph().initializer(codebook, l.weights(CODES * width, 1.0), CODES, width);
        String rows = l.node("Gather", codebook, l.node("Reshape", "pred_semantic", l.longs(-1)));
        String columns = l.node("Transpose", List.of(rows), Map.of("perm", new long[] {1, 0}));
        String pairs = l.node("Unsqueeze", columns, l.longs(0, 3));
        String doubled = l.node("Concat", List.of(pairs, pairs), Map.of("axis", 3L));
        return l.node("Reshape", doubled, l.longs(1, width, -1));
    }

    /** {@code MelStyleEncoder} on {@code refer_spec[:, :704]}: {@code ge} {@code [1, 512, 1]}. */
    private static String referenceEncoder(GraphLayers l) {
        String spec = l.node("Slice", "refer_spec", l.longs(0), l.longs(SPEC_BINS), l.longs(1));
        String x = l.mish(l.linear(l.transpose(spec), SPEC_BINS, STYLE_HIDDEN));
        x = l.mish(l.linear(x, STYLE_HIDDEN, STYLE_HIDDEN));
        String c = l.transpose(x);
        for (int i = 0; i < 2; i++) {
            String h = l.conv(c, STYLE_HIDDEN, 2 * STYLE_HIDDEN, 5, 1);
            String gated = l.node("Mul", l.channels(h, 0, STYLE_HIDDEN),
                    l.node("Sigmoid", l.channels(h, STYLE_HIDDEN, 2 * STYLE_HIDDEN)));
            c = l.node("Add", c, gated);
        }
        x = l.transpose(c);
        x = l.node("Add", x, l.attention(x, x, STYLE_HIDDEN, 2));
        String pooled = l.node("ReduceMean", List.of(l.linear(x, STYLE_HIDDEN, GIN)), Map.of("axes", new long[] {1},
                "keepdims", 1L));
        return l.transpose(pooled);
    }

    /** {@code enc_p}: {@code m} and {@code logs} stacked, {@code [1, 384, 2T]}. */
    private static String textEncoder(GraphLayers l, String ge) {
        String ssl = l.conv(upsampledCodes(l, SSL), SSL, CHANNELS, 1, 1);
        String y = l.encoder(l.transpose(ssl), 3, CHANNELS, FILTER, 2, 3);
        l.graph().initializer("text_embedding", l.weights(SYMBOLS * CHANNELS, 1.0), SYMBOLS, CHANNELS);
        String text = l.encoder(l.node("Gather", "text_embedding", "text_seq"), 6, CHANNELS, FILTER, 2, 3);
        String content = l.conv(l.transpose(y), CHANNELS, GIN, 1, 1);
        String textWide = l.conv(l.transpose(text), CHANNELS, GIN, 1, 1);
        String crossed = l.transpose(l.attention(l.transpose(content), l.transpose(textWide), GIN, 4));
        String mixed = l.conv(l.node("Add", l.node("Add", crossed, content), ge), GIN, CHANNELS, 1, 1);
        String encoded = l.encoder(l.transpose(mixed), 3, CHANNELS, FILTER, 2, 3);
        return l.conv(l.transpose(encoded), CHANNELS, 2 * CHANNELS, 1, 1);
    }

    /** The flow run in reverse: flip, then an inverse mean-only coupling, {@value #FLOWS} times. */
    private static String flowReverse(GraphLayers l, String zp, String ge) {
        int half = CHANNELS / 2;
        String x = zp;
        for (int f = 0; f < FLOWS; f++) {
            x = l.node("Slice", x, l.longs(-1), l.longs(Long.MIN_VALUE), l.longs(1), l.longs(-1));
            String x0 = l.channels(x, 0, half);
            String x1 = l.channels(x, half, CHANNELS);
            String h = l.conv(x0, half, CHANNELS, 1, 1);
            String conditioning = l.conv(ge, GIN, 2 * CHANNELS * WAVENET_LAYERS, 1, 1);
            String skip = null;
            for (int i = 0; i < WAVENET_LAYERS; i++) {
                String in = l.node("Add", l.conv(h, CHANNELS, 2 * CHANNELS, 5, 1),
                        l.channels(conditioning, i * 2 * CHANNELS, (i + 1) * 2 * CHANNELS));
                String acts = l.node("Mul", l.node("Tanh", l.channels(in, 0, CHANNELS)),
                        l.node("Sigmoid", l.channels(in, CHANNELS, 2 * CHANNELS)));
                String layerSkip;
                if (i < WAVENET_LAYERS - 1) {
                    String resSkip = l.conv(acts, CHANNELS, 2 * CHANNELS, 1, 1);
                    h = l.node("Add", h, l.channels(resSkip, 0, CHANNELS));
                    layerSkip = l.channels(resSkip, CHANNELS, 2 * CHANNELS);
                } else {
                    layerSkip = l.conv(acts, CHANNELS, CHANNELS, 1, 1);
                }
                skip = skip == null ? layerSkip : l.node("Add", skip, layerSkip);
            }
            String mean = l.conv(skip, CHANNELS, half, 1, 1);
            x = l.node("Concat", List.of(x0, l.node("Sub", x1, mean)), Map.of("axis", 1L));
        }
        return x;
    }

    /** The HiFiGAN generator, conditioned on {@code ge} when given. */
    private static String generator(GraphLayers l, String z, String ge) {
        String x = l.conv(z, CHANNELS, 512, 7, 1);
        if (ge != null) {
            x = l.node("Add", x, l.conv(ge, GIN, 512, 1, 1));
        }
        String third = l.constant(1f / 3);
        int channels = 512;
        for (int stage = 0; stage < RATES.length; stage++) {
            int out = channels / 2;
            String up = "up" + stage;
            int pad = (KERNELS[stage] - RATES[stage]) / 2;
            l.graph().initializer(up + "_w", l.weights(channels * out * KERNELS[stage], 1 / Math.sqrt(channels * KERNELS[stage])),
                            channels, out, KERNELS[stage])
                    .initializer(up + "_b", new float[out], out)
                    .node("ConvTranspose", List.of(leaky(l, x), up + "_w", up + "_b"), List.of(up),
                            Map.of("kernel_shape", new long[] {KERNELS[stage]}, "strides", new long[] {RATES[stage]},
                                    "pads", new long[] {pad, pad}));
            String sum = null;
            for (int k = 0; k < RES_KERNELS.length; k++) {
                String h = up;
                for (int d = 0; d < DILATIONS.length; d++) {
                    String c1 = l.conv(leaky(l, h), out, out, RES_KERNELS[k], DILATIONS[d]);
                    String c2 = l.conv(leaky(l, c1), out, out, RES_KERNELS[k], 1);
                    h = l.node("Add", c2, h);
                }
                sum = sum == null ? h : l.node("Add", sum, h);
            }
            x = l.node("Mul", sum, third);
            channels = out;
        }
        return l.node("Tanh", l.conv(leaky(l, x), channels, 1, 7, 1));
    }

    private static String leaky(GraphLayers l, String in) {
        return l.node("LeakyRelu", List.of(in), Map.of("alpha", 0.1f));
    }
}
