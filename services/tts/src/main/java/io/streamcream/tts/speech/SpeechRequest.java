package io.streamcream.tts.speech;

import java.util.List;

/**
 * What to write a speech about.
 *
 * @param topic    the topic
 * @param style    optional style, empty for none
 * @param keywords optional keywords
 * @param sections wanted number of sections, 0 for the model's choice (5–8)
 * @param language prompt language
 */
public record SpeechRequest(String topic, String style, List<String> keywords, int sections, SpeechLanguage language) {
}
