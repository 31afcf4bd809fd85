package io.streamcream.tts.synthesis;

/**
 * The reference recording a voice speaks from ({@code tts.voices.<name>}).
 *
 * @param audioPath  path of the reference WAV on the GPT-SoVITS side
 * @param promptText what the reference says
 * @param promptLang its language
 */
public record VoiceReference(String audioPath, String promptText, String promptLang) {
}
