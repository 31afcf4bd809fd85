package io.streamcream.tts.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.JsonFields;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.Authenticator;
import io.streamcream.tts.audio.AudioOwner;
import io.streamcream.tts.audio.StoredAudio;
import io.streamcream.tts.mouth.MouthTimelines;
import io.streamcream.tts.synthesis.SynthesisRequest;
import io.streamcream.tts.synthesis.SynthesisService;

/**
 * Synthesis and audio files on both faces: canonical {@code /api/tts/synthesize},
 * {@code /api/tts/audio[/{f}]}; compatible {@code /synthesize-speech}, {@code /static/audio/{f}},
 * {@code /delete-audio/{f}}, {@code /delete-all-audio} (DELETE and GET, as the original frontend
 * uses both). Reading a file needs no token (names are unguessable); everything else does, except
 * on the compatible face when {@code tts.compat.allow-anonymous} is on.
 */
public final class SynthesisRoutes {

    private final SynthesisService synthesis;
    private final Authenticator authenticator;
    private final int maxTextLength;
    private final String defaultVoice;
    private final boolean allowAnonymous;

    /**
     * @param synthesis      synthesis and files
     * @param authenticator  token checks
     * @param maxTextLength  longest text accepted (413 beyond)
     * @param defaultVoice   voice used when a request names none
     * @param allowAnonymous whether compatible routes serve callers without a token
     */
    public SynthesisRoutes(SynthesisService synthesis, Authenticator authenticator, int maxTextLength,
                           String defaultVoice, boolean allowAnonymous) {
        this.synthesis = synthesis;
        this.authenticator = authenticator;
        this.maxTextLength = maxTextLength;
        this.defaultVoice = defaultVoice;
        this.allowAnonymous = allowAnonymous;
    }

    /** @return routes under {@code /api/tts} */
    public HttpService canonical() {
        return rules -> {
            Routes.path(rules, "/synthesize").post((req, res) -> synthesize(req, res, true)).register();
            Routes.path(rules, "/audio/{filename}").get(this::file).delete((req, res) -> deleteOne(req, res, true))
                    .register();
            Routes.path(rules, "/audio").delete((req, res) -> deleteAll(req, res, true)).register();
        };
    }

    /** @return the original service's routes, under {@code /} */
    public HttpService compatible() {
        return rules -> {
            Routes.path(rules, "/synthesize-speech").post((req, res) -> synthesize(req, res, false)).register();
            Routes.path(rules, "/static/audio/{filename}").get(this::file).register();
            Routes.path(rules, "/delete-audio/{filename}").delete((req, res) -> deleteOne(req, res, false)).register();
            Routes.path(rules, "/delete-all-audio").delete((req, res) -> deleteAll(req, res, false))
                    .on(Method.GET, (req, res) -> deleteAll(req, res, false)).register();
        };
    }

    private AudioOwner owner(ServerRequest req, boolean canonical) {
        if (!canonical && allowAnonymous && Authenticator.bearerToken(req).isEmpty()) {
            return AudioOwner.anonymous();
        }
        return new AudioOwner(authenticator.require(req).id());
    }

    private void synthesize(ServerRequest req, ServerResponse res, boolean canonical) {
        AudioOwner owner = owner(req, canonical);
        ObjectNode body = RequestJson.object(req);
        JsonFields fields = JsonFields.of(body);
        String text = fields.string("text").orElse("");
        if (text.isEmpty()) {
            throw ApiException.badRequest("文本不能为空");
        }
        if (text.codePointCount(0, text.length()) > maxTextLength) {
            throw ApiException.tooLarge("文本过长（上限 " + maxTextLength + " 个字符）");
        }
        String voice = fields.string("voice").orElse(defaultVoice);
        String language = fields.string("language").or(() -> fields.string("text_lang")).orElse("zh")
                .toLowerCase(java.util.Locale.ROOT);
        if (!language.matches("zh|en|ja|ko|yue|auto|all_zh|all_ja|all_ko|all_yue")) {
            fields.reject("language", "不支持的语言: " + language);
        }
        double speed = number(fields, body.get("speed"), "speed", 1.0, 0.5, 2.0, "语速必须在0.5到2.0之间");
        double pitch = number(fields, body.get("pitch"), "pitch", 0.0, -12, 12, "音调必须在-12到12之间");
        fields.throwIfInvalid("文本不能为空");
        StoredAudio audio = synthesis.synthesize(owner, new SynthesisRequest(text, voice, language, speed), pitch);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("audio_url", (canonical ? "/api/tts/audio/" : "/static/audio/") + audio.name());
        data.put("text", text);
        data.put("duration", Math.round(audio.seconds() * 1000) / 1000.0);
        data.put("file_size", audio.sizeBytes());
        data.put("format", audio.format());
        data.put("cached", audio.cached());
        if (body.path("with_timeline").asBoolean(false)) {
            data.put("timeline", MouthTimelines.aligned(text, synthesis.store().audio(audio.name())));
        }
        if (canonical) {
            Responses.ok(res, "语音合成成功", data);
        } else {
            Responses.json(res, Status.OK_200, data);
        }
    }

    private static double number(JsonFields fields, JsonNode node, String name, double fallback, double min, double max,
                                 String message) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max || Double.isNaN(node.asDouble())) {
            fields.reject(name, message);
            return fallback;
        }
        return node.asDouble();
    }

    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("filename");
        AudioReplies.send(req, res, synthesis.store().file(name).orElseThrow(() -> ApiException.notFound("文件不存在")));
    }

    private void deleteOne(ServerRequest req, ServerResponse res, boolean canonical) {
        AudioOwner owner = owner(req, canonical);
        String name = req.path().pathParameters().get("filename");
        if (!synthesis.store().delete(owner, name)) {
            throw ApiException.notFound("文件不存在");
        }
        if (canonical) {
            Responses.ok(res, "文件删除成功", Map.of("filename", name));
        } else {
            Responses.json(res, Status.OK_200, Map.of("message", "文件删除成功"));
        }
    }

    private void deleteAll(ServerRequest req, ServerResponse res, boolean canonical) {
        int deleted = synthesis.store().deleteAll(owner(req, canonical));
        if (canonical) {
            Responses.ok(res, "所有音频文件删除成功", Map.of("deleted", deleted));
        } else {
            Responses.json(res, Status.OK_200, Map.of("message", "所有音频文件删除成功", "deleted", deleted));
        }
    }
}
