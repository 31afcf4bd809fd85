package io.streamcream.sovits.voices;

import java.nio.file.Path;

import io.helidon.config.Config;

import io.streamcream.common.server.Platform;

/**
 * {@code sovits.*}: where voices and reference recordings live and who may manage them.
 *
 * @param modelsDir      voice bundles (and the original's {@code GPT_weights*}/{@code SoVITS_weights*})
 * @param refAudioDir    reference recordings ({@code 参考音频/} in the original)
 * @param adminToken     token for the management and control routes
 * @param ttsNeedsToken  whether {@code /tts} needs the admin token or a user's JWT
 * @param concurrency    concurrent inferences per voice
 * @param queue          waiting requests per voice before "busy"
 */
public record SovitsSettings(Path modelsDir, Path refAudioDir, String adminToken, boolean ttsNeedsToken,
                             int concurrency, int queue) {

    /**
     * Reads {@code sovits.*}: {@code models-dir} (default {@code <data-dir>/userdatas/tts}),
     * {@code ref-audio-dir} (default {@code <models-dir>/ref_audio}), {@code admin-token} (empty: one is
     * generated once in {@code <data-dir>/keys/sovits-admin.token}), {@code tts-requires-token} (false),
     * {@code max-concurrent} (5), {@code queue} (10).
     *
     * @param platform shared parts
     * @return the settings
     */
    public static SovitsSettings create(Platform platform) {
        Config sovits = platform.config().get("sovits");
        Path data = platform.dataDirectory().root();
        Path models = data.resolve(sovits.get("models-dir").asString().orElse("userdatas/tts")).toAbsolutePath().normalize();
        Path refs = models.resolve(sovits.get("ref-audio-dir").asString().orElse("ref_audio")).toAbsolutePath().normalize();
        String token = sovits.get("admin-token").asString().orElse("").strip();
        if (token.isEmpty()) {
            // The token is the file's content as written (Base64), as the documentation and the start-up log say.
            token = java.util.Base64.getEncoder().encodeToString(platform.secrets().key("sovits-admin.token", 24));
        }
        return new SovitsSettings(models, refs, token, sovits.get("tts-requires-token").asBoolean().orElse(false),
                sovits.get("max-concurrent").asInt().orElse(5), sovits.get("queue").asInt().orElse(10));
    }

    @Override
    public String toString() {
        return "SovitsSettings[modelsDir=" + modelsDir + ", refAudioDir=" + refAudioDir + ", ttsNeedsToken="
                + ttsNeedsToken + ", concurrency=" + concurrency + ", queue=" + queue + "]";
    }
}
