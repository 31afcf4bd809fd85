package io.streamcream.tts.speech;

import java.util.List;

/**
 * One section of a speech.
 *
 * @param title     the outline title
 * @param sentences its sentences, each short enough for a subtitle
 */
public record SpeechSection(String title, List<String> sentences) {
}
