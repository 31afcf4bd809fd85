package io.streamcream.tts.speech;

/**
 * One chat-completions message.
 *
 * @param role    {@code system} or {@code user}
 * @param content text
 */
public record ChatMessage(String role, String content) {
}
