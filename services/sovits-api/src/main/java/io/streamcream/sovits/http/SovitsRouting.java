package io.streamcream.sovits.http;

import java.nio.file.Path;
import java.time.Duration;

import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.http.Responses;
import io.streamcream.sovits.voices.GeneratedAudio;
import io.streamcream.sovits.voices.VoiceService;

/** Wires the two faces of the GPT-SoVITS service and api_v2's error bodies. */
public final class SovitsRouting {

    private SovitsRouting() {
    }

    /**
     * @param routing        the routing
     * @param voices         the voices
     * @param audioFolder    where {@code /gpt-sovits/tts} keeps its files
     * @param audioTtl       how long they are kept
     * @param managementOpen whether the original fork's switching and upload routes work without the admin token
     * @param shutdown       what the shutdown routes do
     */
    public static void register(HttpRouting.Builder routing, VoiceService voices, Path audioFolder, Duration audioTtl,
                                boolean managementOpen, Runnable shutdown) {
        MediaEncoder encoder = new FfmpegMediaEncoder();
        TtsHandler tts = new TtsHandler(voices, encoder);
        AdminGuard admin = new AdminGuard(voices.settings().adminToken());
        DocumentedRoutes documented = new DocumentedRoutes(voices, tts, encoder, new GeneratedAudio(audioFolder, audioTtl),
                admin, voices.settings().ttsNeedsToken(), shutdown);
        routing.error(ApiV2Exception.class, (req, res, e) -> {
            if (!res.isSent()) {
                Responses.json(res, e.status(), e.body());
            }
        });
        routing.register("/gpt-sovits", documented.gptSovits())
                .register("/control", documented.control())
                .register("/", new ApiV2Routes(voices, tts, admin, voices.settings().ttsNeedsToken(), managementOpen,
                        shutdown));
    }
}
