package io.streamcream.tts.synthesis;

import io.streamcream.common.http.ApiException;
import io.streamcream.tts.audio.PcmAudio;

/** The backend when nothing can synthesise: every request gets a 503 that says what to set up. */
public final class NoVoiceBackend implements SynthesisBackend {

    @Override
    public PcmAudio synthesize(SynthesisRequest request) {
        throw ApiException.unavailable("没有可用的语音模型：请在 tts.synthesis.endpoints 中配置 GPT-SoVITS (9880) 服务地址"
                + "（STREAMCREAM_TTS_ENDPOINTS），或把语音包放到 userdatas/tts/ 下");
    }

    @Override
    public String name() {
        return "none";
    }
}
