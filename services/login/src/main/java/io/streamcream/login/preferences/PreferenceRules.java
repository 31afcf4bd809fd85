package io.streamcream.login.preferences;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.http.FieldError;
import io.streamcream.common.json.Json;

/**
 * What a preferences document may hold: the fields of the API document's
 * {@code UserSetting.preferences} (§2.1.2) and the keys the original frontend writes, each with a
 * type; any other key is kept as sent. The whole document is limited in size and nesting.
 */
final class PreferenceRules {

    private static final int SHORT = 256;
    private static final int LONG = 2048;
    private static final int SECRET = 1024;
    private static final int MAX_KEY_LENGTH = 128;

    private static final Map<String, FieldRule> TOP = schema();

    private final int maxBytes;
    private final int maxDepth;

    /**
     * @param maxBytes largest serialised document (clear text)
     * @param maxDepth deepest nesting; the document itself is depth 1
     */
    PreferenceRules(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    /**
     * Reads {@code preferences.max-bytes} and {@code preferences.max-depth}.
     *
     * @param config the {@code preferences} node
     * @return the rules
     */
    static PreferenceRules create(Config config) {
        int bytes = config.get("max-bytes").asInt().orElse(64 * 1024);
        int depth = config.get("max-depth").asInt().orElse(8);
        if (bytes < 1024 || depth < 2 || depth > Json.MAX_NESTING_DEPTH) {
            throw new IllegalStateException("preferences.max-bytes must be >= 1024 and preferences.max-depth 2.."
                    + Json.MAX_NESTING_DEPTH);
        }
        return new PreferenceRules(bytes, depth);
    }

    /** @return the size limit in bytes */
    int maxBytes() {
        return maxBytes;
    }

    private static Map<String, FieldRule> schema() {
        Map<String, FieldRule> ai = new LinkedHashMap<>();
        ai.put("provider", FieldRule.httpUrl());
        ai.put("customProvider", FieldRule.text(LONG));
        ai.put("apiKey", FieldRule.text(SECRET));
        ai.put("modelName", FieldRule.text(SHORT));
        ai.put("temperature", FieldRule.number(0, 2));
        ai.put("maxTokens", FieldRule.integer(1, 200_000));

        Map<String, FieldRule> live = new LinkedHashMap<>();
        live.put("resolution", FieldRule.resolution());
        live.put("fps", FieldRule.fps());
        live.put("bgPreference", FieldRule.text(SHORT));
        live.put("platformPreference", FieldRule.text(SHORT));
        live.put("stream_key", FieldRule.text(SECRET));
        live.put("streamKey", FieldRule.text(SECRET));

        Map<String, FieldRule> live2d = new LinkedHashMap<>();
        live2d.put("x", FieldRule.number(-100_000, 100_000));
        live2d.put("y", FieldRule.number(-100_000, 100_000));
        live2d.put("scale", FieldRule.number(0, 1000));

        Map<String, FieldRule> top = new LinkedHashMap<>();
        top.put("debugMode", FieldRule.bool());
        top.put("bannerColor", FieldRule.text(SHORT));
        top.put("aiSettings", FieldRule.object(ai));
        top.put("liveSettings", FieldRule.object(live));
        // Keys the original frontend writes at the top level (shared/reference/original-backends.md §6.3).
        top.put("rtmp_url", FieldRule.text(LONG));
        top.put("stream_key", FieldRule.text(SECRET));
        top.put("resolution", FieldRule.resolution());
        top.put("customProvider", FieldRule.text(LONG));
        top.put("revolutionPreference", FieldRule.text(SHORT));
        top.put("fpsPreference", FieldRule.fps());
        top.put("bgPreference", FieldRule.text(SHORT));
        top.put("platformPreference", FieldRule.text(SHORT));
        top.put("streamDomain", FieldRule.text(LONG));
        top.put("streamKey", FieldRule.text(SECRET));
        top.put("live2dSettings", FieldRule.object(live2d));
        return Map.copyOf(top);
    }

    /**
     * Validates the members of a document or of a patch (each present member is checked as it
     * would be stored) and throws a 400 listing every violation with its field path.
     *
     * @param members a document or a patch
     */
    void requireValid(ObjectNode members) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : members.properties()) {
            FieldRule rule = TOP.get(field.getKey());
            if (rule != null) {
                rule.check(field.getKey(), field.getValue(), errors);
            }
        }
        checkShape(members, "", 1, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors.getFirst().field() + ": " + errors.getFirst().message(), errors);
        }
    }

    /**
     * Refuses a document over the size limit with a 413.
     *
     * @param document the whole clear document
     */
    void requireSize(ObjectNode document) {
        int size = Json.bytes(document).length;
        if (size > maxBytes) {
            throw ApiException.tooLarge("偏好设置过大（" + size + " 字节，上限 " + maxBytes + " 字节）");
        }
    }

    private void checkShape(JsonNode node, String path, int depth, List<FieldError> errors) {
        if (!node.isContainerNode()) {
            return;
        }
        if (depth > maxDepth) {
            errors.add(new FieldError(path, "嵌套层级不能超过 " + maxDepth + " 层"));
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().isEmpty() || field.getKey().length() > MAX_KEY_LENGTH) {
                    errors.add(new FieldError(child, "键名长度必须在 1 到 " + MAX_KEY_LENGTH + " 个字符之间"));
                }
                checkShape(field.getValue(), child, depth + 1, errors);
            }
        } else {
            for (int i = 0; i < node.size(); i++) {
                checkShape(node.get(i), path + "[" + i + "]", depth + 1, errors);
            }
        }
    }
}
