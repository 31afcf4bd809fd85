package io.streamcream.sovits.audio;

import java.util.Map;

import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.RunResult;
import io.streamcream.nativebindings.ort.Tensor;

/**
 * What a voice needs from a reference recording: the prompt semantic tokens (16 kHz audio through {@code ssl} and
 * {@code vq_encoder}), the 32 kHz magnitude spectrogram for the VITS style encoder and, for v2Pro voices, the speaker
 * embedding of the {@code sv} graph.
 *
 * @param promptTokens semantic tokens of the reference (about 25 per second, plus 15 from the padding)
 * @param referSpec    the spectrogram, row-major {@code [1025, frames]}
 * @param specFrames   spectrogram frames
 * @param svEmbedding  the speaker embedding ({@code sv_emb}), empty for v2 voices
 */
public record ReferenceFeatures(long[] promptTokens, float[] referSpec, int specFrames, float[] svEmbedding) {
    /**
     * Features of a v2 voice (no speaker embedding).
     *
     * @param promptTokens semantic tokens
     * @param referSpec    the spectrogram, row-major {@code [1025, frames]}
     * @param specFrames   spectrogram frames
     */
    public ReferenceFeatures(long[] promptTokens, float[] referSpec, int specFrames) {
        this(promptTokens, referSpec, specFrames, new float[0]);
    }

    /** Rate of the ssl graph's input. */
    public static final int SSL_RATE = 16000;
    /** Shortest accepted reference at 16 kHz (3 s). */
    public static final int MIN_SAMPLES_16K = 48_000;
    /** Longest accepted reference at 16 kHz (10 s). */
    public static final int MAX_SAMPLES_16K = 160_000;
    /**
     * Zeros appended before the ssl graph: upstream appends {@code int(32000·0.3)} = 9600 samples (0.6 s at 16 kHz,
     * as it uses the 32 kHz rate there).
     */
    public static final int SSL_PADDING = 9_600;

    /**
     * Checks and measures a reference recording.
     *
     * @param wav        WAV file contents
     * @param ssl        the ssl graph ({@code audio16k} → {@code ssl} or {@code codes})
     * @param vqEncoder  the vq_encoder graph ({@code ssl} → {@code codes}), or {@code null} when merged into ssl
     * @param outputRate the VITS rate (32000)
     * @return the features
     * @throws ReferenceAudioException for a file that is not usable WAV or lies outside 3–10 s
     */
    public static ReferenceFeatures extract(byte[] wav, Session ssl, Session vqEncoder, int outputRate) {
        return extract(wav, ssl, vqEncoder, null, outputRate);
    }

    /**
     * Checks and measures a reference recording, with the speaker embedding of a v2Pro voice.
     *
     * @param wav        WAV file contents
     * @param ssl        the ssl graph ({@code audio16k} → {@code ssl} or {@code codes})
     * @param vqEncoder  the vq_encoder graph ({@code ssl} → {@code codes}), or {@code null} when merged into ssl
     * @param sv         the sv graph ({@code fbank} → {@code sv_emb}), or {@code null} for a v2 voice
     * @param outputRate the VITS rate (32000)
     * @return the features
     * @throws ReferenceAudioException for a file that is not usable WAV or lies outside 3–10 s
     */
    public static ReferenceFeatures extract(byte[] wav, Session ssl, Session vqEncoder, Session sv, int outputRate) {
        WavAudio audio = WavDecoder.decode(wav);
        long length16k = (long) Math.ceil((double) audio.frames() * SSL_RATE / audio.sampleRate());
        if (length16k < MIN_SAMPLES_16K || length16k > MAX_SAMPLES_16K) {
            throw new ReferenceAudioException(ReferenceAudioException.DURATION_MESSAGE);
        }
        float[] mono = audio.mono();
        float[] wav16k = Resampler.resample(mono, audio.sampleRate(), SSL_RATE);
        long[] tokens = promptTokens(wav16k, ssl, vqEncoder);
        float[] forSpec = Resampler.resample(mono, audio.sampleRate(), outputRate);
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
        float[] embedding = sv == null ? new float[0] : speakerEmbedding(forSpec, outputRate, sv);
        return new ReferenceFeatures(tokens, Spectrogram.flatten(spec), spec[0].length, embedding);
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
