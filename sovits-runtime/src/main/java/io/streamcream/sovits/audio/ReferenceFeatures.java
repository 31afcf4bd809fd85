package io.streamcream.sovits.audio;

import java.util.Map;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Tensor;

/**
 * What a voice needs from a reference recording: the prompt semantic tokens (16 kHz audio through {@code ssl} and
 * {@code vq_encoder}), the 32 kHz magnitude spectrogram for the VITS style encoder, for v2Pro voices the speaker
 * embedding of the {@code sv} graph, and for bundles with a split-out reference encoder its style vector.
 *
 * @param promptTokens semantic tokens of the reference (about 25 per second, plus 15 from the padding); empty for an
 *                     auxiliary reference, which only lends its style
 * @param referSpec    the spectrogram, row-major {@code [1025, frames]}
 * @param specFrames   spectrogram frames
 * @param svEmbedding  the speaker embedding ({@code sv_emb}), empty for v2 voices
 * @param style        the style vector {@code ge} of the {@code ref_encoder} graph, empty without that graph
 */
public record ReferenceFeatures(long[] promptTokens, float[] referSpec, int specFrames, float[] svEmbedding,
                                float[] style) {
    /** Rate of the ssl graph's input. */
    public static final int SSL_RATE = 16000;
    /** Shortest accepted reference at 16 kHz (3 s). */
    public static final int MIN_SAMPLES_16K = 48_000;
    /** Longest accepted reference at 16 kHz (10 s). */
    public static final int MAX_SAMPLES_16K = 160_000;
    /** Shortest auxiliary reference (0.1 s): upstream checks no duration for them, but a spectrogram needs frames. */
    public static final double MIN_AUXILIARY_SECONDS = 0.1;
    /**
     * Zeros appended before the ssl graph: upstream appends {@code int(32000·0.3)} = 9600 samples (0.6 s at 16 kHz,
     * as it uses the 32 kHz rate there).
     */
    public static final int SSL_PADDING = 9_600;

    /**
     * Features of a v2 voice without a split reference encoder.
     *
     * @param promptTokens semantic tokens
     * @param referSpec    the spectrogram, row-major {@code [1025, frames]}
     * @param specFrames   spectrogram frames
     */
    public ReferenceFeatures(long[] promptTokens, float[] referSpec, int specFrames) {
        this(promptTokens, referSpec, specFrames, new float[0], new float[0]);
    }

    /**
     * Checks and measures the main reference recording.
     *
     * @param wav    WAV file contents
     * @param graphs the voice's reference graphs
     * @return the features
     * @throws ReferenceAudioException for a file that is not usable WAV or lies outside 3–10 s
     */
    public static ReferenceFeatures extract(byte[] wav, ReferenceGraphs graphs) {
        WavAudio audio = WavDecoder.decode(wav);
        long length16k = (long) Math.ceil((double) audio.frames() * SSL_RATE / audio.sampleRate());
        if (length16k < MIN_SAMPLES_16K || length16k > MAX_SAMPLES_16K) {
            throw new ReferenceAudioException(ReferenceAudioException.DURATION_MESSAGE);
        }
        float[] mono = audio.mono();
        float[] wav16k = Resampler.resample(mono, audio.sampleRate(), SSL_RATE);
        long[] tokens = promptTokens(wav16k, graphs.ssl(), graphs.vqEncoder());
        return style(tokens, mono, audio.sampleRate(), graphs);
    }

    /**
     * Measures an auxiliary reference ({@code aux_ref_audio_paths}): only its style counts, so there are no prompt
     * tokens and, as upstream, no 3–10 s check.
     *
     * @param wav    WAV file contents
     * @param graphs the voice's reference graphs (with a reference encoder)
     * @return the features
     * @throws ReferenceAudioException for a file that is not usable WAV or shorter than 0.1 s
     */
    public static ReferenceFeatures extractAuxiliary(byte[] wav, ReferenceGraphs graphs) {
        WavAudio audio = WavDecoder.decode(wav);
        if (audio.frames() < MIN_AUXILIARY_SECONDS * audio.sampleRate()) {
            throw new ReferenceAudioException("辅助参考音频太短（至少 " + MIN_AUXILIARY_SECONDS + " 秒）");
        }
        return style(new long[0], audio.mono(), audio.sampleRate(), graphs);
    }

    /**
     * @param ge the style vector to use instead of this reference's own (the average over the request's references)
     * @return a copy with that style
     */
    public ReferenceFeatures withStyle(float[] ge) {
        return new ReferenceFeatures(promptTokens, referSpec, specFrames, svEmbedding, ge);
    }

    /** Upstream's {@code _set_ref_spec} and {@code get_ge}: spectrogram, speaker embedding, style vector. */
    private static ReferenceFeatures style(long[] tokens, float[] mono, int rate, ReferenceGraphs graphs) {
        float[] forSpec = Resampler.resample(mono, rate, graphs.outputRate());
        float peak = 0;
        for (float v : forSpec) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 1) {
            float divisor = Math.min(2f, peak);
            for (int i = 0; i < forSpec.length; i++) {
                forSpec[i] /= divisor;
            }
        }
        float[][] spec = Spectrogram.magnitude(forSpec);
        float[] flat = Spectrogram.flatten(spec);
        int frames = spec[0].length;
        float[] embedding = graphs.sv() == null ? new float[0] : speakerEmbedding(forSpec, graphs.outputRate(), graphs.sv());
        float[] ge = graphs.refEncoder() == null ? new float[0] : styleVector(flat, frames, embedding, graphs.refEncoder());
        return new ReferenceFeatures(tokens, flat, frames, embedding, ge);
    }

    private static float[] styleVector(float[] spec, int frames, float[] embedding, Session refEncoder) {
        try (Tensor specIn = Tensor.ofFloats(spec, 1, spec.length / frames, frames);
             Tensor svIn = embedding.length == 0 ? null : Tensor.ofFloats(embedding, 1, embedding.length)) {
            Map<String, Tensor> inputs = new java.util.HashMap<>();
            inputs.put("refer_spec", specIn);
            if (svIn != null) {
                inputs.put("sv_emb", svIn);
            }
            try (RunResult out = refEncoder.run(inputs)) {
                return out.get("ge").toFloatArray();
            }
        }
    }

    /**
     * Upstream's v2Pro path: the level-checked spectrogram audio back to 16 kHz, Kaldi fbank, the {@code sv} graph.
     */
    private static float[] speakerEmbedding(float[] audio, int rate, Session sv) {
        float[] wav16k = Resampler.resample(audio, rate, KaldiFbank.SAMPLE_RATE);
        float[] fbank = KaldiFbank.compute(wav16k);
        int frames = fbank.length / KaldiFbank.MEL_BINS;
        try (Tensor in = Tensor.ofFloats(fbank, 1, frames, KaldiFbank.MEL_BINS);
             RunResult out = sv.run(Map.of("fbank", in))) {
            return out.get("sv_emb").toFloatArray();
        }
    }

    private static long[] promptTokens(float[] wav16k, Session ssl, Session vqEncoder) {
        float[] padded = java.util.Arrays.copyOf(wav16k, wav16k.length + SSL_PADDING);
        try (Tensor in = Tensor.ofFloats(padded, 1, padded.length);
             RunResult features = ssl.run(Map.of("audio16k", in))) {
            if (vqEncoder == null) {
                return features.get("codes").toLongArray();
            }
            try (RunResult codes = vqEncoder.run(Map.of("ssl", features.get("ssl")))) {
                return codes.get("codes").toLongArray();
            }
        }
    }
}
