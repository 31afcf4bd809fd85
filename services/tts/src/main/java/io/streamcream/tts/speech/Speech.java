package io.streamcream.tts.speech;

import java.util.List;

/**
 * A written speech.
 *
 * @param outline   sections in order
 * @param sentences every sentence in order
 */
public record Speech(List<SpeechSection> outline, List<String> sentences) {

    /** @return the whole text */
    public String content() {
        return String.join("", sentences);
    }
}
