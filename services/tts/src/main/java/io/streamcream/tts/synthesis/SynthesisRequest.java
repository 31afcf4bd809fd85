package io.streamcream.tts.synthesis;

/**
 * What to synthesise.
 *
 * @param text     the text
 * @param voice    voice (model) name, empty for the backend's current one
 * @param language text language ({@code zh}, {@code en}, ...)
 * @param speed    speed factor 0.5–2.0, applied by the model
 */
public record SynthesisRequest(String text, String voice, String language, double speed) {
}
