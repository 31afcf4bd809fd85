package io.streamcream.tts.speech;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.dbclient.DbClient;

import io.streamcream.common.json.Json;
import io.streamcream.common.security.SecretCipher;

/**
 * Reads {@code aiSettings} from the user's stored preferences (written by the login service), with
 * the API key decrypted for its owner. The decryption context is the one the login service seals
 * it with: {@code preferences:<userId>:aiSettings.apiKey}.
 */
public final class StoredAiSettings implements AiSettingsSource {

    private final DbClient db;
    private final SecretCipher cipher;

    /**
     * @param db     the shared database
     * @param cipher the installation's preference cipher
     */
    public StoredAiSettings(DbClient db, SecretCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    @Override
    public Optional<AiSettings> forUser(long userId) {
        Optional<String> stored = db.execute().get("SELECT preferences FROM user_settings WHERE user_id = ?", userId)
                .map(row -> row.column("preferences").get(String.class));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        JsonNode ai = Json.parse(stored.get()).path("aiSettings");
        String provider = ai.path("provider").asText("").strip();
        String key = ai.path("apiKey").asText("").strip();
        String model = ai.path("modelName").asText("").strip();
        if (provider.isEmpty() || key.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        if (SecretCipher.isEncrypted(key)) {
            try {
                key = cipher.decrypt(key, "preferences:" + userId + ":aiSettings.apiKey");
            } catch (SecretCipher.SecretException e) {
                return Optional.empty();
            }
        }
        URI uri;
        try {
            uri = URI.create(provider);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.empty();
        }
        double temperature = ai.path("temperature").isNumber() ? ai.path("temperature").asDouble() : 0.7;
        int maxTokens = ai.path("maxTokens").isIntegralNumber() ? ai.path("maxTokens").asInt() : 0;
        return Optional.of(new AiSettings(uri, key, model, temperature, maxTokens));
    }
}
