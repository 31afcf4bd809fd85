package io.streamcream.tts.synthesis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.streamcream.tts.audio.AudioOwner;
import io.streamcream.tts.audio.AudioStore;
import io.streamcream.tts.audio.PcmAudio;
import io.streamcream.tts.audio.PitchShifter;
import io.streamcream.tts.audio.StoredAudio;

/**
 * Synthesis as the routes see it: a content-addressed cache first (same backend, voice, language,
 * speed, pitch and text give the earlier file), then the backend, the pitch shift, and storage.
 */
public final class SynthesisService {

    private final SynthesisBackend backend;
    private final AudioStore store;

    /**
     * @param backend produces speech
     * @param store   keeps the files
     */
    public SynthesisService(SynthesisBackend backend, AudioStore store) {
        this.backend = backend;
        this.store = store;
    }

    /**
     * @param owner   who asks
     * @param request validated request
     * @param pitch   semitones, −12 … 12
     * @return the stored (or cached) file
     */
    public StoredAudio synthesize(AudioOwner owner, SynthesisRequest request, double pitch) {
        String key = cacheKey(request, pitch);
        return store.cached(owner, key).orElseGet(() -> {
            PcmAudio speech = backend.synthesize(request);
            return store.save(owner, key, PitchShifter.shift(speech, pitch));
        });
    }

    private String cacheKey(SynthesisRequest request, double pitch) {
        String material = String.join("\u0000", backend.name(), request.voice(), request.language(),
                Double.toString(request.speed()), Double.toString(pitch), request.text());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** @return the store */
    public AudioStore store() {
        return store;
    }
}
