package io.streamcream.login.streams;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamcream.common.http.JsonFields;
import io.streamcream.common.streams.StreamKeys;

/** Validated request bodies of {@code /api/streams}. */
final class StreamForms {

    static final int MAX_TITLE = 100;
    static final int MAX_DESCRIPTION = 4000;

    private static final Set<String> READ_ONLY = Set.of("id", "user_id", "is_live", "start_time", "end_time", "created_at");
    private static final Set<String> CREATE_FIELDS = Set.of("title", "description", "stream_key");
    private static final Set<String> PATCH_FIELDS = Set.of("title", "description", "stream_key", "regenerate_key");

    private StreamForms() {
    }

    /**
     * {@code POST /api/streams}.
     *
     * @param title       1-100 characters
     * @param description may be empty
     * @param streamKey   a key chosen by the user, or empty to generate one
     */
    record Create(String title, String description, Optional<String> streamKey) {
        static Create parse(ObjectNode body) {
            JsonFields fields = JsonFields.of(body);
            checkMembers(body, CREATE_FIELDS, fields);
            String title = fields.requiredString("title");
            checkTitle(title, fields);
            String description = readDescription(body, fields).orElse("");
            Optional<String> key = readStreamKey(body, fields);
            fields.throwIfInvalid("标题是必填的");
            return new Create(title, description, key);
        }
    }

    /**
     * {@code PATCH /api/streams/{id}}; absent members stay as they are.
     *
     * @param title         new title
     * @param description   new description ({@code ""} clears it)
     * @param streamKey     new key chosen by the user
     * @param regenerateKey whether to generate a new key
     */
    record Patch(Optional<String> title, Optional<String> description, Optional<String> streamKey, boolean regenerateKey) {
        static Patch parse(ObjectNode body) {
            JsonFields fields = JsonFields.of(body);
            checkMembers(body, PATCH_FIELDS, fields);
            Optional<String> title = Optional.empty();
            if (body.has("title")) {
                String value = fields.string("title").orElse("");
                if (value.isEmpty() && !hasError(fields, "title")) {
                    fields.reject("title", "不能为空");
                }
                checkTitle(value, fields);
                title = Optional.of(value);
            }
            Optional<String> description = body.has("description")
                    ? Optional.of(readDescription(body, fields).orElse(""))
                    : Optional.empty();
            Optional<String> key = readStreamKey(body, fields);
            boolean regenerate = false;
            JsonNode flag = body.get("regenerate_key");
            if (flag != null && !flag.isNull()) {
                if (!flag.isBoolean()) {
                    fields.reject("regenerate_key", "必须是布尔值");
                } else {
                    regenerate = flag.booleanValue();
                }
            }
            if (regenerate && key.isPresent()) {
                fields.reject("regenerate_key", "不能与 stream_key 同时使用");
            }
            fields.throwIfInvalid("请求参数无效");
            return new Patch(title, description, key, regenerate);
        }

        boolean changesKey() {
            return regenerateKey || streamKey.isPresent();
        }
    }

    private static void checkMembers(ObjectNode body, Set<String> allowed, JsonFields fields) {
        for (String name : body.properties().stream().map(java.util.Map.Entry::getKey).toList()) {
            if (READ_ONLY.contains(name)) {
                fields.reject(name, "只读字段（直播状态由推流服务维护）");
            } else if (!allowed.contains(name)) {
                fields.reject(name, "未知字段");
            }
        }
    }

    private static void checkTitle(String title, JsonFields fields) {
        if (title.length() > MAX_TITLE) {
            fields.reject("title", "长度不能超过 " + MAX_TITLE + " 个字符");
        }
    }

    private static Optional<String> readDescription(ObjectNode body, JsonFields fields) {
        JsonNode value = body.get("description");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            fields.reject("description", "必须是字符串");
            return Optional.empty();
        }
        String text = value.textValue().strip();
        if (text.length() > MAX_DESCRIPTION) {
            fields.reject("description", "长度不能超过 " + MAX_DESCRIPTION + " 个字符");
        }
        return Optional.of(text);
    }

    private static Optional<String> readStreamKey(ObjectNode body, JsonFields fields) {
        JsonNode value = body.get("stream_key");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            fields.reject("stream_key", "必须是字符串");
            return Optional.empty();
        }
        if (!StreamKeys.acceptable(value.textValue())) {
            fields.reject("stream_key", "必须是 " + StreamKeys.MIN_LENGTH + " 到 " + StreamKeys.MAX_LENGTH
                    + " 个可打印 ASCII 字符，不含空白、斜杠、引号和反斜杠");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private static boolean hasError(JsonFields fields, String name) {
        return fields.errors().stream().anyMatch(error -> error.field().equals(name));
    }
}
