package io.streamcream.tts.speech;

import java.util.Optional;

/** Where a user's {@link AiSettings} come from (their stored preferences). */
@FunctionalInterface
public interface AiSettingsSource {

    /**
     * @param userId the user
     * @return their settings, when provider, key and model are all set
     */
    Optional<AiSettings> forUser(long userId);
}
