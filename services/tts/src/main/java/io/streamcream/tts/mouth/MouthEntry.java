package io.streamcream.tts.mouth;

/**
 * One entry of the API document's MouthTimeline (§2.2.3).
 *
 * @param start      seconds
 * @param end        seconds
 * @param vowel      vowel class (empty for pauses)
 * @param ch         the character (serialised as {@code char})
 * @param mouthOpen  0–1 (serialised as {@code mouth_open})
 * @param mouthShape viseme (serialised as {@code mouth_shape})
 */
public record MouthEntry(double start, double end, String vowel,
                         @com.fasterxml.jackson.annotation.JsonProperty("char") String ch,
                         @com.fasterxml.jackson.annotation.JsonProperty("mouth_open") double mouthOpen,
                         @com.fasterxml.jackson.annotation.JsonProperty("mouth_shape") String mouthShape) {
}
