package io.streamcream.sovits.engine;

import java.util.List;
import java.util.Objects;

import io.streamcream.sovits.t2s.SamplingParams;
import io.streamcream.sovits.text.TextSplitter;

/**
 * One synthesis request (api_v2 parameter names in the comments). Build with {@link #builder()}.
 *
 * @param text             {@code text}
 * @param textLanguage     {@code text_lang}
 * @param referenceWav     contents of the reference WAV ({@code ref_audio_path} read by the caller)
 * @param promptText       {@code prompt_text}; blank means reference-free synthesis
 * @param promptLanguage   {@code prompt_lang}
 * @param sampling         {@code top_k}, {@code top_p}, {@code temperature}, {@code repetition_penalty}, {@code seed}
 * @param splitMethod      {@code text_split_method}
 * @param speedFactor      {@code speed_factor}
 * @param fragmentInterval {@code fragment_interval} seconds of silence after each fragment
 * @param batching         {@code batch_size}, {@code batch_threshold}, {@code split_bucket}, {@code parallel_infer}
 * @param auxReferenceWavs contents of the {@code aux_ref_audio_paths} files: their style vectors are averaged with
 *                         the main reference's (needs a bundle with a {@code ref_encoder} graph)
 */
public record TtsRequest(String text, String textLanguage, byte[] referenceWav, String promptText, String promptLanguage,
                         SamplingParams sampling, TextSplitter.Method splitMethod, double speedFactor,
                         double fragmentInterval, Batching batching, List<byte[]> auxReferenceWavs) {
    /**
     * Checks the values that need no model.
     */
    public TtsRequest {
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(splitMethod, "splitMethod");
        Objects.requireNonNull(batching, "batching");
        auxReferenceWavs = List.copyOf(auxReferenceWavs);
        promptText = promptText == null ? "" : promptText;
        if (!(speedFactor > 0) || Double.isInfinite(speedFactor)) {
            throw new IllegalArgumentException("speed_factor must be > 0, got " + speedFactor);
        }
        if (!(fragmentInterval >= 0) || fragmentInterval > 60) {
            throw new IllegalArgumentException("fragment_interval must be within 0..60 s, got " + fragmentInterval);
        }
    }

    /**
     * @return a builder with api_v2's defaults (top_k 15, top_p 1, temperature 1, repetition_penalty 1.35, seed −1,
     *         cut5, speed 1, fragment_interval 0.3)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder with api_v2 defaults. */
    public static final class Builder {
        private String text;
        private String textLanguage;
        private byte[] referenceWav;
        private String promptText = "";
        private String promptLanguage;
        private SamplingParams sampling = SamplingParams.defaults().with(15, 1.0, 1.0, 1.35, -1);
        private TextSplitter.Method splitMethod = TextSplitter.Method.CUT5;
        private double speedFactor = 1.0;
        private double fragmentInterval = 0.3;
        private Batching batching = Batching.NONE;
        private List<byte[]> auxReferenceWavs = List.of();

        private Builder() {
        }

        /**
         * @param value    {@code text}
         * @param language {@code text_lang}
         * @return this
         */
        public Builder text(String value, String language) {
            this.text = value;
            this.textLanguage = language;
            return this;
        }

        /**
         * @param wav      reference WAV bytes
         * @param prompt   {@code prompt_text} (blank for reference-free)
         * @param language {@code prompt_lang}
         * @return this
         */
        public Builder reference(byte[] wav, String prompt, String language) {
            this.referenceWav = wav;
            this.promptText = prompt;
            this.promptLanguage = language;
            return this;
        }

        /** @param value sampling parameters @return this */
        public Builder sampling(SamplingParams value) {
            this.sampling = value;
            return this;
        }

        /** @param value cut method @return this */
        public Builder splitMethod(TextSplitter.Method value) {
            this.splitMethod = value;
            return this;
        }

        /** @param value speed factor @return this */
        public Builder speedFactor(double value) {
            this.speedFactor = value;
            return this;
        }

        /** @param value seconds of silence after each fragment @return this */
        public Builder fragmentInterval(double value) {
            this.fragmentInterval = value;
            return this;
        }

        /** @param value how segments are grouped and run @return this */
        public Builder batching(Batching value) {
            this.batching = value;
            return this;
        }

        /** @param wavs contents of the auxiliary reference files @return this */
        public Builder auxReferences(List<byte[]> wavs) {
            this.auxReferenceWavs = wavs;
            return this;
        }

        /** @return the request */
        public TtsRequest build() {
            return new TtsRequest(text, textLanguage, referenceWav, promptText, promptLanguage, sampling, splitMethod,
                    speedFactor, fragmentInterval, batching, auxReferenceWavs);
        }
    }
}
