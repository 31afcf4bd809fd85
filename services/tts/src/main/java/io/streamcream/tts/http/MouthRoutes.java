package io.streamcream.tts.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.JsonFields;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.security.Authenticator;
import io.streamcream.tts.audio.AudioStore;
import io.streamcream.tts.audio.Wav;
import io.streamcream.tts.mouth.MouthEntry;
import io.streamcream.tts.mouth.MouthTimelines;

/**
 * Mouth timelines: canonical {@code POST /api/tts/mouth-timeline} ({@code {text, duration?,
 * audio_url?}} → MouthTimeline[]), compatible {@code /text2mouth_timeline} ({@code {timeline}}) and
 * {@code /text2mouth_param} ({@code {mouth_param}}). With {@code audio_url} naming a synthesised file
 * the timeline is aligned to that audio; otherwise it is estimated and scaled to {@code duration}.
 */
public final class MouthRoutes {

    private static final int MAX_TEXT = 5000;
    private static final double MAX_SECONDS = 600;

    private final AudioStore store;
    private final Authenticator authenticator;
    private final boolean allowAnonymous;

    /**
     * @param store          synthesised audio, for alignment
     * @param authenticator  token checks
     * @param allowAnonymous whether compatible routes serve callers without a token
     */
    public MouthRoutes(AudioStore store, Authenticator authenticator, boolean allowAnonymous) {
        this.store = store;
        this.authenticator = authenticator;
        this.allowAnonymous = allowAnonymous;
    }

    /** @return routes under {@code /api/tts} */
    public HttpService canonical() {
        return rules -> Routes.path(rules, "/mouth-timeline").post(this::canonicalTimeline).register();
    }

    /** @return the original routes, under {@code /} */
    public HttpService compatible() {
        return rules -> {
            Routes.path(rules, "/text2mouth_timeline").post(this::compatTimeline).register();
            Routes.path(rules, "/text2mouth_param").post(this::compatParam).register();
        };
    }

    private void canonicalTimeline(ServerRequest req, ServerResponse res) {
        authenticator.require(req);
        Responses.ok(res, "口型时间轴生成成功", timeline(RequestJson.object(req)));
    }

    private void compatTimeline(ServerRequest req, ServerResponse res) {
        authorize(req);
        Responses.json(res, Status.OK_200, Map.of("timeline", timeline(RequestJson.object(req))));
    }

    private void compatParam(ServerRequest req, ServerResponse res) {
        authorize(req);
        ObjectNode body = RequestJson.object(req);
        JsonFields fields = JsonFields.of(body);
        String text = text(fields);
        double duration = number(fields, body.get("duration"), "duration", 1.0, 0.01, MAX_SECONDS);
        double fps = number(fields, body.get("fps"), "fps", 30, 1, 120);
        fields.throwIfInvalid("参数错误");
        List<MouthEntry> timeline = MouthTimelines.estimate(text, duration);
        Responses.json(res, Status.OK_200, Map.of("mouth_param", MouthTimelines.frames(timeline, duration, (int) fps)));
    }

    private void authorize(ServerRequest req) {
        if (!(allowAnonymous && Authenticator.bearerToken(req).isEmpty())) {
            authenticator.require(req);
        }
    }

    private List<MouthEntry> timeline(ObjectNode body) {
        JsonFields fields = JsonFields.of(body);
        String text = text(fields);
        double duration = number(fields, body.get("duration"), "duration", 0, 0, MAX_SECONDS);
        String audioUrl = fields.string("audio_url").orElse("");
        fields.throwIfInvalid("参数错误");
        if (audioUrl.isEmpty()) {
            return MouthTimelines.estimate(text, duration);
        }
        String name = audioUrl.substring(audioUrl.lastIndexOf('/') + 1);
        Path file = store.file(name).orElseThrow(() -> ApiException.notFound("音频文件不存在: " + name));
        try {
            return MouthTimelines.aligned(text, Wav.decode(Files.readAllBytes(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("音频文件无法读取");
        }
    }

    private static String text(JsonFields fields) {
        String text = fields.rawString("text").orElse("");
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            fields.reject("text", "文本过长（上限 " + MAX_TEXT + " 个字符）");
        }
        return text;
    }

    private static double number(JsonFields fields, JsonNode node, String name, double fallback, double min, double max) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            fields.reject(name, name + " 必须是 " + min + " 到 " + max + " 之间的数");
            return fallback;
        }
        return node.asDouble();
    }
}
