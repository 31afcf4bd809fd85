package io.streamcream.tts.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.ApiResponse;
import io.streamcream.common.http.ErrorMapper;
import io.streamcream.common.http.JsonFields;
import io.streamcream.common.http.RequestJson;
import io.streamcream.common.http.Responses;
import io.streamcream.common.http.Routes;
import io.streamcream.common.json.Json;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;
import io.streamcream.tts.speech.AiSettings;
import io.streamcream.tts.speech.AiSettingsSource;
import io.streamcream.tts.speech.Speech;
import io.streamcream.tts.speech.SpeechLanguage;
import io.streamcream.tts.speech.SpeechRequest;
import io.streamcream.tts.speech.SpeechSection;
import io.streamcream.tts.speech.SpeechWriter;

/**
 * {@code POST /api/tts/generate-speech} (envelope) and the compatible {@code POST /generate-speech}
 * (the original's bare {@code {speech_content, sentences}}, plus {@code outline}). With
 * {@code Accept: text/event-stream} both stream the speech as server-sent events: {@code outline},
 * one {@code section} per section as soon as it is written, then {@code done} (or {@code error}).
 */
public final class SpeechRoutes {

    private final SpeechWriter writer;
    private final AiSettingsSource settings;
    private final Authenticator authenticator;

    /**
     * @param writer        writes speeches
     * @param settings      the callers' LLM settings
     * @param authenticator token checks
     */
    public SpeechRoutes(SpeechWriter writer, AiSettingsSource settings, Authenticator authenticator) {
        this.writer = writer;
        this.settings = settings;
        this.authenticator = authenticator;
    }

    /** @return the canonical face, to register under {@code /api/tts} */
    public HttpService canonical() {
        return rules -> register(rules, true);
    }

    /** @return the compatible face, to register under {@code /} */
    public HttpService compatible() {
        return rules -> register(rules, false);
    }

    private void register(HttpRules rules, boolean canonical) {
        Routes.path(rules, "/generate-speech").post((req, res) -> generate(req, res, canonical)).register();
    }

    private void generate(ServerRequest req, ServerResponse res, boolean canonical) {
        AuthenticatedUser caller = authenticator.require(req);
        SpeechRequest request = parse(RequestJson.object(req));
        AiSettings ai = settings.forUser(caller.id()).orElseThrow(() -> ApiException.badRequest(
                "请先在设置中配置 AI 设置（aiSettings 的 provider、apiKey 和 modelName）"));
        boolean events = req.headers().first(HeaderNames.ACCEPT).orElse("").toLowerCase(Locale.ROOT)
                .contains("text/event-stream");
        if (events) {
            stream(res, ai, request);
            return;
        }
        Speech speech = writer.write(ai, request, titles -> { }, section -> { });
        Map<String, Object> data = view(speech);
        if (canonical) {
            Responses.ok(res, "演讲内容生成成功", data);
        } else {
            Responses.json(res, Status.OK_200, data);
        }
    }

    private void stream(ServerResponse res, AiSettings ai, SpeechRequest request) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = res.outputStream()) {
            List<Integer> index = new ArrayList<>(List.of(0));
            try {
                Speech speech = writer.write(ai, request,
                        titles -> send(out, "outline", Map.of("outline", titles)),
                        section -> {
                            Map<String, Object> event = new LinkedHashMap<>();
                            event.put("index", index.getFirst());
                            event.put("title", section.title());
                            event.put("sentences", section.sentences());
                            index.set(0, index.getFirst() + 1);
                            send(out, "section", event);
                        });
                send(out, "done", view(speech));
            } catch (ApiException e) {
                send(out, "error", ApiResponse.error(e.status().code(), e.getMessage(), null));
            } catch (RuntimeException e) {
                send(out, "error", ApiResponse.error(500, ErrorMapper.defaultMessage(500), null));
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(OutputStream out, String event, Object data) {
        try {
            out.write(("event: " + event + "\ndata: " + Json.text(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> view(Speech speech) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("speech_content", speech.content());
        List<Map<String, Object>> outline = new ArrayList<>();
        for (SpeechSection section : speech.outline()) {
            outline.add(Map.of("title", section.title(), "sentences", section.sentences()));
        }
        data.put("outline", outline);
        data.put("sentences", speech.sentences());
        return data;
    }

    private static SpeechRequest parse(ObjectNode body) {
        JsonFields fields = JsonFields.of(body);
        String topic = fields.string("topic").orElse("");
        if (topic.isEmpty()) {
            fields.reject("topic", "主题不能为空");
        } else if (topic.codePointCount(0, topic.length()) > 200) {
            fields.reject("topic", "主题不能超过200个字符");
        }
        String style = fields.string("style").orElse("");
        if (style.length() > 200) {
            fields.reject("style", "风格不能超过200个字符");
        }
        List<String> keywords = keywords(fields, body.get("keywords"));
        int sections = 0;
        JsonNode sectionsNode = body.get("sections");
        if (sectionsNode != null && !sectionsNode.isNull()) {
            if (!sectionsNode.canConvertToInt() || !sectionsNode.isIntegralNumber()
                    || sectionsNode.asInt() < 1 || sectionsNode.asInt() > 12) {
                fields.reject("sections", "章节数必须是1到12之间的整数");
            } else {
                sections = sectionsNode.asInt();
            }
        }
        String languageCode = fields.string("language").orElse("zh");
        SpeechLanguage language = SpeechLanguage.of(languageCode).orElse(null);
        if (language == null) {
            fields.reject("language", "不支持的语言: " + languageCode + "（支持 zh、en、ja）");
        }
        fields.throwIfInvalid("主题不能为空");
        return new SpeechRequest(topic, style, keywords, sections, language);
    }

    private static List<String> keywords(JsonFields fields, JsonNode node) {
        List<String> keywords = new ArrayList<>();
        if (node == null || node.isNull()) {
            return keywords;
        }
        if (node.isTextual()) {
            for (String word : node.textValue().split("[,，、]")) {
                if (!word.isBlank()) {
                    keywords.add(word.strip());
                }
            }
        } else if (node.isArray() && node.size() <= 20) {
            for (JsonNode word : node) {
                if (!word.isTextual()) {
                    fields.reject("keywords", "关键词必须是字符串");
                    return keywords;
                }
                if (!word.textValue().isBlank()) {
                    keywords.add(word.textValue().strip());
                }
            }
        } else {
            fields.reject("keywords", "关键词必须是字符串或最多20个字符串的数组");
        }
        return keywords;
    }
}
