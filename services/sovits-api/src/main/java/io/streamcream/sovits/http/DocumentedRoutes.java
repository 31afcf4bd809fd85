package io.streamcream.sovits.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.JsonFields;
import io.streamcream.common.http.MultipartUpload;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.json.Json;
import io.streamcream.sovits.voices.GeneratedAudio;
import io.streamcream.sovits.voices.ModelCatalog;
import io.streamcream.sovits.voices.VoiceService;

/**
 * The documented face ({@code /gpt-sovits/*}, {@code /control/*}) with the envelope. A request may
 * name its voice and reference; then it neither reads nor changes the process-wide current ones.
 */
public final class DocumentedRoutes {

    private final VoiceService voices;
    private final TtsHandler tts;
    private final MediaEncoder encoder;
    private final GeneratedAudio audio;
    private final AdminGuard admin;
    private final boolean ttsNeedsToken;
    private final Runnable shutdown;

    DocumentedRoutes(VoiceService voices, TtsHandler tts, MediaEncoder encoder, GeneratedAudio audio, AdminGuard admin,
                     boolean ttsNeedsToken, Runnable shutdown) {
        this.voices = voices;
        this.tts = tts;
        this.encoder = encoder;
        this.audio = audio;
        this.admin = admin;
        this.ttsNeedsToken = ttsNeedsToken;
        this.shutdown = shutdown;
    }

    /** @return routes under {@code /gpt-sovits} */
    public HttpService gptSovits() {
        return this::gptSovitsRules;
    }

    /** @return routes under {@code /control} */
    public HttpService control() {
        return rules -> {
            Routes.path(rules, "/reload").post(this::reload).register();
            Routes.path(rules, "/shutdown").post(this::shutdown).register();
        };
    }

    private void gptSovitsRules(HttpRules rules) {
        Routes.path(rules, "/tts").post(this::synthesize).register();
        Routes.path(rules, "/audio/{filename}").get(this::file).register();
        Routes.path(rules, "/models").get(this::models).register();
        Routes.path(rules, "/models/switch").post(this::switchModel).register();
        Routes.path(rules, "/status").get(this::status).register();
        Routes.path(rules, "/ref-audios").get(this::refAudios).post(this::uploadRefAudio).register();
        Routes.path(rules, "/ref-audio").put(this::setRefAudio).register();
    }

    private void synthesize(ServerRequest req, ServerResponse res) {
        if (ttsNeedsToken) {
            admin.require(req);
        }
        ObjectNode body = RequestJson.object(req);
        if (!body.has("text_lang")) {
            body.put("text_lang", body.path("language").asText("zh"));
        }
        if (!body.has("prompt_lang")) {
            body.put("prompt_lang", body.path("text_lang").asText("zh"));
        }
        if (!body.has("ref_audio_path") && body.has("ref_audio")) {
            body.set("ref_audio_path", body.get("ref_audio"));
        }
        if (body.has("streaming_mode")) {
            body.remove("streaming_mode");
        }
        TtsHandler.Prepared prepared;
        try {
            prepared = tts.prepare(ApiV2Params.fromJson(Json.bytes(body)));
        } catch (ApiV2Exception e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        short[] pcm;
        try {
            pcm = prepared.voice().synthesize(prepared.request());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("语音合成失败: " + e.getMessage());
        }
        byte[] encoded = encoder.encode(prepared.mediaType(), pcm, prepared.voice().sampleRate());
        String name = audio.store(encoded, prepared.mediaType());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("audio_url", "/gpt-sovits/audio/" + name);
        data.put("text", prepared.request().text());
        data.put("duration", Math.round(pcm.length * 1000.0 / prepared.voice().sampleRate()) / 1000.0);
        data.put("file_size", encoded.length);
        data.put("format", prepared.mediaType());
        data.put("model_used", prepared.voice().name());
        Responses.ok(res, "语音合成成功", data);
    }

    private void file(ServerRequest req, ServerResponse res) {
        Path file = audio.file(req.path().pathParameters().get("filename"))
                .orElseThrow(() -> ApiException.notFound("文件不存在"));
        String name = file.getFileName().toString();
        res.header(HeaderNames.CONTENT_TYPE, "audio/" + name.substring(name.lastIndexOf('.') + 1));
        res.header("X-Content-Type-Options", "nosniff");
        try {
            res.send(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void models(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelCatalog.Entry entry : voices.catalog().entries(voices.engine().scan())) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", entry.name());
            model.put("gpt_weights", entry.gptPath());
            model.put("sovits_weights", entry.sovitsPath());
            model.put("ref_audio", voices.catalog().referenceFor(entry.name()));
            model.put("installed", entry.playable());
            models.add(model);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("models", models);
        data.put("current_model", voices.state().voice().orElse(null));
        Responses.ok(res, "获取成功", data);
    }

    private void switchModel(ServerRequest req, ServerResponse res) {
        admin.require(req);
        JsonFields fields = JsonFields.of(RequestJson.object(req));
        String name = fields.string("model").or(() -> fields.string("name")).orElse("");
        if (name.isEmpty()) {
            fields.reject("model", "必填");
        }
        fields.throwIfInvalid("model 是必填的");
        ModelCatalog.Entry entry = voices.catalog().byName(voices.engine().scan(), name)
                .orElseThrow(() -> ApiException.notFound("模型不存在: " + name));
        if (!entry.playable()) {
            throw ApiException.conflict("模型 " + name + " 还没有导出为语音包（bundle.json），不能使用");
        }
        long start = System.nanoTime();
        voices.voice(name);
        voices.state().voice(name);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("current_model", name);
        data.put("load_ms", (System.nanoTime() - start) / 1_000_000);
        Responses.ok(res, "模型切换成功", data);
    }

    private void status(ServerRequest req, ServerResponse res) {
        String current = voices.state().voice().orElse("");
        ModelCatalog.Entry entry = current.isEmpty() ? null
                : voices.catalog().byName(voices.engine().scan(), current).orElse(null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("gpt_weights", entry == null ? null : entry.gptPath());
        data.put("sovits_weights", entry == null ? null : entry.sovitsPath());
        data.put("ref_audio", voices.state().reference().orElse(voices.catalog().referenceFor(current)));
        data.put("model_pair", current.isEmpty() ? null : current);
        data.put("voices", voices.voiceNames());
        Responses.ok(res, "获取成功", data);
    }

    private void refAudios(ServerRequest req, ServerResponse res) {
        Responses.ok(res, "获取成功", ApiV2Routes.referenceList(voices));
    }

    private void uploadRefAudio(ServerRequest req, ServerResponse res) {
        admin.require(req);
        Path stored = MultipartUpload.file(req, 20L * 1024 * 1024, (filename, in) -> {
            try {
                return voices.references().upload(filename, in.readNBytes(20 * 1024 * 1024 + 1));
            } catch (IOException e) {
                throw ApiException.badRequest("上传数据读取失败");
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
        Responses.ok(res, Status.CREATED_201, "参考音频上传成功", Map.of("filename", stored.getFileName().toString(),
                "path", voices.references().clientPath(stored)));
    }

    private void setRefAudio(ServerRequest req, ServerResponse res) {
        admin.require(req);
        JsonFields fields = JsonFields.of(RequestJson.object(req));
        String path = fields.requiredString("path");
        fields.throwIfInvalid("path 是必填的");
        Path file = voices.references().resolve(path).orElseThrow(() -> ApiException.notFound("参考音频不存在: " + path));
        voices.state().reference(voices.references().clientPath(file));
        Responses.ok(res, "参考音频已切换", Map.of("ref_audio", voices.references().clientPath(file)));
    }

    private void reload(ServerRequest req, ServerResponse res) {
        admin.require(req);
        Responses.ok(res, "模型已重新加载", Map.of("voices", voices.reload()));
    }

    private void shutdown(ServerRequest req, ServerResponse res) {
        admin.require(req);
        Responses.ok(res, "服务正在关闭", null);
        shutdown.run();
    }
}
