package io.streamcream.tts.speech;

import java.net.URI;

/**
 * A user's OpenAI-compatible chat-completions endpoint, from their stored {@code aiSettings}.
 *
 * @param provider    the full chat-completions URL (as the frontend stores it)
 * @param apiKey      the key, sent as a bearer token; never logged, never returned
 * @param model       model name
 * @param temperature sampling temperature
 * @param maxTokens   answer limit, 0 for the provider's default
 */
public record AiSettings(URI provider, String apiKey, String model, double temperature, int maxTokens) {

    @Override
    public String toString() {
        return "AiSettings[provider=" + provider + ", model=" + model + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + "]";
    }
}
