package io.streamcream.sovits.bundle;

import java.util.List;

import io.streamcream.nativebindings.ort.ElementType;

/**
 * The graphs of a v2 voice bundle and the inputs and outputs the runtime feeds and reads. A manifest must declare
 * exactly these names, element types and ranks.
 */
public enum GraphRole {
    /** HuBERT content features, or directly the semantic codes when the VQ encoder is merged in. */
    SSL("ssl", true, List.of(new Port("audio16k", ElementType.FLOAT, 2)), List.of()),
    /** {@code ssl_proj} + residual VQ: content features to semantic codes. */
    VQ_ENCODER("vq_encoder", false, List.of(new Port("ssl", ElementType.FLOAT, 3)),
            List.of(new Port("codes", ElementType.INT64, 3))),
    /** chinese-roberta, hidden states of layer −3. */
    BERT("bert", false, List.of(new Port("input_ids", ElementType.INT64, 2),
            new Port("attention_mask", ElementType.INT64, 2), new Port("token_type_ids", ElementType.INT64, 2)),
            List.of(new Port("hidden", ElementType.FLOAT, 3))),
    /** T2S prefill over prompt + target phones and the prompt tokens. */
    T2S_PREFILL("t2s_prefill", true, List.of(new Port("phoneme_ids", ElementType.INT64, 2),
            new Port("bert", ElementType.FLOAT, 3), new Port("prompts", ElementType.INT64, 2)),
            List.of(new Port("logits", ElementType.FLOAT, 2), new Port("k", ElementType.FLOAT, 3),
                    new Port("v", ElementType.FLOAT, 3))),
    /** One T2S decode step over the bound KV cache. */
    T2S_STEP("t2s_step", true, List.of(new Port("token", ElementType.INT64, 2), new Port("pos", ElementType.INT64, 1),
            new Port("k_cache", ElementType.FLOAT, 3), new Port("v_cache", ElementType.FLOAT, 3)),
            List.of(new Port("logits", ElementType.FLOAT, 2), new Port("k_new", ElementType.FLOAT, 3),
                    new Port("v_new", ElementType.FLOAT, 3))),
    /**
     * SoVITS decoder: semantic codes + target phones + the reference → waveform. The reference comes as
     * {@code refer_spec} (plus {@code sv_emb} for v2Pro), or as the style vector {@code ge} when the bundle has a
     * {@link #REF_ENCODER}; {@link BundleManifest} adds those ports.
     */
    VITS("vits", true, List.of(new Port("pred_semantic", ElementType.INT64, 3), new Port("text_seq", ElementType.INT64, 2),
            new Port("noise", ElementType.FLOAT, 3), new Port("speed", ElementType.FLOAT, 1)),
            List.of(new Port("audio", ElementType.FLOAT, 3))),
    /**
     * The reference encoder split out of {@code vits} ({@code get_ge} of upstream's {@code decode}): spectrogram
     * (plus {@code sv_emb} for v2Pro) → style vector {@code ge}, so several references can be averaged.
     */
    REF_ENCODER("ref_encoder", false, List.of(new Port("refer_spec", ElementType.FLOAT, 3)),
            List.of(new Port("ge", ElementType.FLOAT, 3))),
    /** v2Pro speaker verification (ERes2NetV2): Kaldi fbank of the 16 kHz reference → speaker embedding. */
    SV("sv", false, List.of(new Port("fbank", ElementType.FLOAT, 3)), List.of(new Port("sv_emb", ElementType.FLOAT, 2))),
    /** The upstream g2pW polyphone model, IO as upstream's {@code g2pW.onnx}. */
    G2PW("g2pw", false, List.of(new Port("input_ids", ElementType.INT64, 2), new Port("token_type_ids", ElementType.INT64, 2),
            new Port("attention_mask", ElementType.INT64, 2), new Port("phoneme_mask", ElementType.FLOAT, 2),
            new Port("char_ids", ElementType.INT64, 1), new Port("position_ids", ElementType.INT64, 1)),
            List.of(new Port("probs", ElementType.FLOAT, 2)));

    /** A required input or output. */
    public record Port(String name, ElementType type, int rank) {
    }

    private final String key;
    private final boolean required;
    private final List<Port> inputs;
    private final List<Port> outputs;

    GraphRole(String key, boolean required, List<Port> inputs, List<Port> outputs) {
        this.key = key;
        this.required = required;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * @return the key in {@code bundle.json}'s {@code graphs} object
     */
    public String key() {
        return key;
    }

    /**
     * @return whether every bundle needs this graph
     */
    public boolean required() {
        return required;
    }

    /**
     * @return the inputs the runtime feeds
     */
    public List<Port> inputs() {
        return inputs;
    }

    /**
     * @return the outputs the runtime reads ({@link #SSL}'s depend on whether the VQ encoder is merged)
     */
    public List<Port> outputs() {
        return outputs;
    }

    /**
     * @param key manifest key
     * @return the role, or {@code null}
     */
    public static GraphRole ofKey(String key) {
        for (GraphRole r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        return null;
    }
}
