package io.streamcream.sovits.voices;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide "current" voice and reference of the api_v2 face. Requests that name their voice
 * and reference never read or change it.
 */
public final class VoiceState {

    private final AtomicReference<String> currentVoice = new AtomicReference<>("");
    private final AtomicReference<String> currentReference = new AtomicReference<>("");

    /** @return the current voice (model pair), if one was chosen */
    public Optional<String> voice() {
        return Optional.of(currentVoice.get()).filter(s -> !s.isEmpty());
    }

    /** @param voice the new current voice */
    public void voice(String voice) {
        currentVoice.set(voice);
    }

    /** @return the reference set by {@code /set_refer_audio}, if any (as clients see the path) */
    public Optional<String> reference() {
        return Optional.of(currentReference.get()).filter(s -> !s.isEmpty());
    }

    /** @param path the new current reference (as clients see it) */
    public void reference(String path) {
        currentReference.set(path);
    }
}
