package io.streamcream.sovits.vits;

import java.util.Map;
import java.util.random.RandomGenerator;

import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.Tensor;
import io.streamcream.sovits.audio.ReferenceFeatures;

/**
 * Runs the {@code vits} graph for one fragment. The graph computes {@code z_p = m_p + noise·exp(logs_p)}, so the
 * noise is drawn here from the request's seeded generator: standard normal values times {@link #NOISE_SCALE}, shaped
 * {@code [1, C, T']} where {@code T'} is the encoder length after upstream's speed interpolation
 * ({@link #latentFrames}). The reference goes in as {@code refer_spec} (with {@code sv_emb} for v2Pro) or, when the bundle
 * splits out the reference encoder, as the style vector {@code ge} [1, G, 1] (the request's references averaged).
 */
public final class VitsDecoder {
    /** Upstream's {@code noise_scale}. */
    public static final float NOISE_SCALE = 0.5f;
    /** Output samples per semantic token at speed 1 (32 kHz, 25 tokens/s). */
    public static final int SAMPLES_PER_TOKEN = 1280;

    private final Session vits;
    private final int noiseChannels;

    /**
     * @param vits          the graph
     * @param noiseChannels C (192 for v2)
     */
    public VitsDecoder(Session vits, int noiseChannels) {
        this.vits = vits;
        this.noiseChannels = noiseChannels;
    }

    /**
     * Encoder frames after the speed change: the codes are upsampled ×2 ({@code 2T}); for {@code speed ≠ 1} upstream
     * interpolates to {@code int(2T / speed) + 1} frames.
     *
     * @param tokens semantic tokens T
     * @param speed  speed factor
     * @return T'
     */
    public static int latentFrames(int tokens, double speed) {
        int frames = 2 * tokens;
        return speed == 1.0 ? frames : (int) (frames / speed) + 1;
    }

    /**
     * Decodes one fragment.
     *
     * @param codes      semantic tokens of the fragment
     * @param textPhones the fragment's phone ids (target only, no prompt)
     * @param reference  the reference features (spectrogram)
     * @param speed      speed factor (&gt; 0)
     * @param random     the request's generator
     * @return float audio at the bundle's output rate
     */
    public float[] decode(long[] codes, long[] textPhones, ReferenceFeatures reference, double speed, RandomGenerator random) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed_factor must be > 0, got " + speed);
        }
        if (codes.length == 0) {
            return new float[0];
        }
        int frames = latentFrames(codes.length, speed);
        float[] noise = new float[noiseChannels * frames];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian() * NOISE_SCALE;
        }
        float[] embedding = reference.svEmbedding();
        float[] style = reference.style();
        try (Tensor sem = Tensor.ofLongs(codes, 1, 1, codes.length);
             Tensor text = Tensor.ofLongs(textPhones, 1, textPhones.length);
             Tensor noiseIn = Tensor.ofFloats(noise, 1, noiseChannels, frames);
             Tensor speedIn = Tensor.ofFloats(new float[] {(float) speed}, 1);
             Tensor geIn = style.length == 0 ? null : Tensor.ofFloats(style, 1, style.length, 1);
             Tensor spec = geIn != null ? null : Tensor.ofFloats(reference.referSpec(), 1,
                     reference.referSpec().length / reference.specFrames(), reference.specFrames());
             Tensor svIn = geIn != null || embedding.length == 0 ? null : Tensor.ofFloats(embedding, 1, embedding.length)) {
            Map<String, Tensor> inputs = new java.util.HashMap<>(Map.of("pred_semantic", sem, "text_seq", text,
                    "noise", noiseIn, "speed", speedIn));
            if (geIn != null) {
                inputs.put("ge", geIn);
            } else {
                inputs.put("refer_spec", spec);
            }
            if (svIn != null) {
                inputs.put("sv_emb", svIn);
            }
            try (RunResult out = vits.run(inputs)) {
                return out.get("audio").toFloatArray();
            }
        }
    }
}
