package io.streamcream.tts.synthesis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.http.Status;

import io.streamcream.common.http.ApiException;
import io.streamcream.sovits.engine.TtsRequest;
import io.streamcream.sovits.engine.Voice;
import io.streamcream.sovits.engine.VoiceBusyException;
import io.streamcream.sovits.text.TextSplitter;
import io.streamcream.sovits.voices.VoiceService;
import io.streamcream.tts.audio.PcmAudio;

/**
 * Synthesis in this JVM on the voices of {@code sovits-runtime} (the same engine the GPT-SoVITS
 * service uses when both run here). Each voice speaks from its configured reference
 * ({@code tts.voices.<name>}), else from the reference the original fork would pick for it.
 */
public final class InProcessSynthesis implements SynthesisBackend {

    private final VoiceService voices;
    private final Map<String, VoiceReference> references;

    /**
     * @param voices     the voices
     * @param references reference recording per voice name
     */
    public InProcessSynthesis(VoiceService voices, Map<String, VoiceReference> references) {
        this.voices = voices;
        this.references = Map.copyOf(references);
    }

    @Override
    public PcmAudio synthesize(SynthesisRequest request) {
        Voice voice = voices.voice(request.voice());
        VoiceReference reference = references.getOrDefault(voice.name(),
                new VoiceReference(voices.catalog().referenceFor(voice.name()), "", request.language()));
        byte[] wav = voices.referenceBytes(reference.audioPath()).orElseThrow(() -> ApiException.unavailable(
                "语音 " + voice.name() + " 的参考音频不存在: " + reference.audioPath() + "（放到 "
                        + voices.referenceFolder() + " 下，或在 tts.voices." + voice.name() + ".ref-audio 中配置）"));
        try {
            TtsRequest tts = TtsRequest.builder()
                    .text(request.text(), request.language())
                    .reference(wav, reference.promptText(), reference.promptLang())
                    .splitMethod(TextSplitter.Method.CUT5)
                    .speedFactor(request.speed())
                    .build();
            return new PcmAudio(voice.sampleRate(), voice.synthesize(tts));
        } catch (VoiceBusyException e) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "语音合成繁忙，请稍后重试", List.of(), Duration.ofSeconds(2));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("语音合成失败: " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return "in-process";
    }
}
