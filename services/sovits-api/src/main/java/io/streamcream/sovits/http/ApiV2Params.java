package io.streamcream.sovits.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;

import io.streamcream.common.json.Json;

/**
 * The parameters of api_v2's {@code /tts} with their names, types and defaults, read from a query
 * string (GET) or a JSON body (POST). A value of the wrong type is a 422 in FastAPI's
 * {@code {"detail": [...]}} form, naming every bad field, as pydantic would.
 *
 * @param text             {@code text}
 * @param textLang         {@code text_lang}
 * @param refAudioPath     {@code ref_audio_path}
 * @param auxRefAudioPaths {@code aux_ref_audio_paths}
 * @param promptText       {@code prompt_text}
 * @param promptLang       {@code prompt_lang}
 * @param topK             {@code top_k}
 * @param topP             {@code top_p}
 * @param temperature      {@code temperature}
 * @param textSplitMethod  {@code text_split_method}
 * @param batchSize        {@code batch_size}
 * @param batchThreshold   {@code batch_threshold}
 * @param splitBucket      {@code split_bucket}
 * @param speedFactor      {@code speed_factor}
 * @param fragmentInterval {@code fragment_interval}
 * @param seed             {@code seed}
 * @param mediaType        {@code media_type}
 * @param streamingMode    {@code streaming_mode}, normalised to 0–3 (or −1 when out of range)
 * @param parallelInfer    {@code parallel_infer}
 * @param repetitionPenalty {@code repetition_penalty}
 * @param sampleSteps      {@code sample_steps}
 * @param superSampling    {@code super_sampling}
 * @param overlapLength    {@code overlap_length}
 * @param minChunkLength   {@code min_chunk_length}
 * @param voice            this service's extension: the voice (model) to use for this request only
 */
public record ApiV2Params(String text, String textLang, String refAudioPath, List<String> auxRefAudioPaths,
                          String promptText, String promptLang, int topK, double topP, double temperature,
                          String textSplitMethod, int batchSize, double batchThreshold, boolean splitBucket,
                          double speedFactor, double fragmentInterval, long seed, String mediaType, int streamingMode,
                          boolean parallelInfer, double repetitionPenalty, int sampleSteps, boolean superSampling,
                          int overlapLength, int minChunkLength, String voice) {

    /**
     * @param query the query parameters (first value of each)
     * @return the parameters
     */
    static ApiV2Params fromQuery(Map<String, String> query) {
        return read(new Reader("query", name -> query.containsKey(name) ? Json.mapper().getNodeFactory()
                .textNode(query.get(name)) : null, true));
    }

    /**
     * @param body the request body
     * @return the parameters
     */
    static ApiV2Params fromJson(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : Json.parse(body);
        } catch (Json.MalformedJsonException e) {
            throw unprocessable(List.of(detail("json_invalid", List.of("body", 0), "JSON decode error", "")));
        }
        if (!(node instanceof ObjectNode object)) {
            throw unprocessable(List.of(detail("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", node == null ? "" : node)));
        }
        return read(new Reader("body", object::get, false));
    }

    private static ApiV2Params read(Reader r) {
        ApiV2Params params = new ApiV2Params(
                r.string("text", null), r.string("text_lang", null), r.string("ref_audio_path", null),
                r.list("aux_ref_audio_paths"), r.string("prompt_text", ""), r.string("prompt_lang", null),
                r.integer("top_k", 15), r.number("top_p", 1.0), r.number("temperature", 1.0),
                r.string("text_split_method", "cut5"), r.integer("batch_size", 1), r.number("batch_threshold", 0.75),
                r.bool("split_bucket", true), r.number("speed_factor", 1.0), r.number("fragment_interval", 0.3),
                r.longValue("seed", -1L), r.string("media_type", "wav"), r.streamingMode(),
                r.bool("parallel_infer", true), r.number("repetition_penalty", 1.35), r.integer("sample_steps", 32),
                r.bool("super_sampling", false), r.integer("overlap_length", 2), r.integer("min_chunk_length", 16),
                r.string("voice", r.string("model", "")));
        if (!r.errors.isEmpty()) {
            throw unprocessable(r.errors);
        }
        return params;
    }

    private static ApiV2Exception unprocessable(List<Map<String, Object>> details) {
        return new ApiV2Exception(Status.create(422, "Unprocessable Entity"), Map.of("detail", details));
    }

    private static Map<String, Object> detail(String type, List<Object> loc, String msg, Object input) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", type);
        detail.put("loc", loc);
        detail.put("msg", msg);
        detail.put("input", input);
        return detail;
    }

    /** Reads typed values, collecting pydantic-style errors. */
    private static final class Reader {
        private final String where;
        private final java.util.function.Function<String, JsonNode> source;
        private final boolean lax;
        private final List<Map<String, Object>> errors = new ArrayList<>();

        Reader(String where, java.util.function.Function<String, JsonNode> source, boolean lax) {
            this.where = where;
            this.source = source;
            this.lax = lax;
        }

        private JsonNode value(String name) {
            JsonNode node = source.apply(name);
            return node == null || node.isNull() ? null : node;
        }

        private void reject(String name, String type, String msg, JsonNode input) {
            errors.add(detail(type, List.of(where, name), msg, input.isTextual() ? input.textValue() : input));
        }

        String string(String name, String fallback) {
            JsonNode node = value(name);
            if (node == null) {
                return fallback;
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            reject(name, "string_type", "Input should be a valid string", node);
            return fallback;
        }

        List<String> list(String name) {
            JsonNode node = value(name);
            if (node == null) {
                return List.of();
            }
            List<String> values = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode item : node) {
                    if (!item.isTextual()) {
                        reject(name, "string_type", "Input should be a valid string", item);
                        return List.of();
                    }
                    values.add(item.textValue());
                }
                return values;
            }
            reject(name, "list_type", "Input should be a valid list", node);
            return List.of();
        }

        int integer(String name, int fallback) {
            long value = longValue(name, fallback);
            if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                reject(name, "int_parsing", "Input should be a valid integer", value(name));
                return fallback;
            }
            return (int) value;
        }

        long longValue(String name, long fallback) {
            JsonNode node = value(name);
            if (node == null) {
                return fallback;
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble())) {
                return (long) node.asDouble();
            }
            if (node.isTextual()) {
                try {
                    return Long.parseLong(node.textValue().strip());
                } catch (NumberFormatException e) {
                    reject(name, "int_parsing", "Input should be a valid integer, unable to parse string as an integer",
                            node);
                    return fallback;
                }
            }
            reject(name, "int_type", "Input should be a valid integer", node);
            return fallback;
        }

        double number(String name, double fallback) {
            JsonNode node = value(name);
            if (node == null) {
                return fallback;
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isTextual()) {
                try {
                    double value = Double.parseDouble(node.textValue().strip());
                    if (Double.isFinite(value)) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                reject(name, "float_parsing", "Input should be a valid number, unable to parse string as a number", node);
                return fallback;
            }
            reject(name, "float_type", "Input should be a valid number", node);
            return fallback;
        }

        boolean bool(String name, boolean fallback) {
            JsonNode node = value(name);
            if (node == null) {
                return fallback;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber() && (node.intValue() == 0 || node.intValue() == 1)) {
                return node.intValue() == 1;
            }
            if (node.isTextual()) {
                switch (node.textValue().strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on", "t", "y" -> {
                        return true;
                    }
                    case "false", "0", "no", "off", "f", "n" -> {
                        return false;
                    }
                    default -> {
                        // reported below
                    }
                }
            }
            reject(name, "bool_parsing", "Input should be a valid boolean, unable to interpret input", node);
            return fallback;
        }

        /** {@code streaming_mode}: true/false or 0–3; out of range gives −1 (api_v2 answers 400 for it later). */
        int streamingMode() {
            JsonNode node = value("streaming_mode");
            if (node == null) {
                return 0;
            }
            if (node.isBoolean()) {
                return node.booleanValue() ? 1 : 0;
            }
            String text = node.isTextual() ? node.textValue().strip().toLowerCase(Locale.ROOT) : node.asText();
            switch (text) {
                case "true", "yes", "on" -> {
                    return 1;
                }
                case "false", "no", "off" -> {
                    return 0;
                }
                default -> {
                    try {
                        int mode = Integer.parseInt(text);
                        return mode >= 0 && mode <= 3 ? mode : -1;
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
    }
}
