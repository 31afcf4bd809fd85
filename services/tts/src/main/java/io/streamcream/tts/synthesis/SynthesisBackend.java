package io.streamcream.tts.synthesis;

import io.streamcream.tts.audio.PcmAudio;

/** Turns text into speech: GPT-SoVITS in this JVM, or a pool of remote 9880 endpoints. */
public interface SynthesisBackend {

    /**
     * @param request text and options
     * @return mono PCM
     * @throws io.streamcream.common.http.ApiException 400 for input the model refuses, 503 when no
     *                                                 voice or endpoint can answer
     */
    PcmAudio synthesize(SynthesisRequest request);

    /** @return a short description for logs and the cache key (changing it invalidates the cache) */
    String name();
}
