package io.streamcream.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamcream.common.json.Json;

/**
 * The first message of a stream (API document §2.3.1 StreamConfig, plus {@code destinations},
 * {@code token} and {@code title}; the original frontend's {@code {"action":"start_stream",
 * "topic":…}} form is accepted).
 *
 * @param rtmpUrl        server URL as sent
 * @param streamKey      stream key as sent
 * @param destinations   every full output address (the main one first), validated
 * @param width          requested width, 0 for the source's
 * @param height         requested height, 0 for the source's
 * @param fps            frame rate when transcoding
 * @param bitrate        video bit rate in kb/s when transcoding
 * @param forceTranscode re-encode H.264 input too ({@code video_codec: libx264})
 * @param title          title, empty when none
 * @param token          token sent in the message, if any
 */
record StreamConfig(String rtmpUrl, String streamKey, List<String> destinations, int width, int height, int fps,
                    int bitrate, boolean forceTranscode, String title, Optional<String> token) {

    /** The original service's answer to a first message that is not a JSON object. */
    static final String NOT_JSON = "首条消息必须为JSON，包含rtmp_url和stream_key";
    /** The original service's answer when {@code rtmp_url} or {@code stream_key} is missing or empty. */
    static final String MISSING_FIELDS = "缺少rtmp_url或stream_key";

    private static final Pattern RESOLUTION = Pattern.compile("(\\d{2,4})\\s*[xX×*]\\s*(\\d{2,4})");

    StreamConfig {
        destinations = List.copyOf(destinations);
    }

    /**
     * Parses and validates a first message.
     *
     * @param message  the message text
     * @param settings limits
     * @return the configuration
     * @throws StreamException with the client-facing error
     */
    static StreamConfig parse(String message, StreamingSettings settings) {
        JsonNode root;
        try {
            root = Json.parse(message);
        } catch (RuntimeException e) {
            throw StreamException.policy("invalid_config", NOT_JSON);
        }
        if (root == null || !root.isObject()) {
            throw StreamException.policy("invalid_config", NOT_JSON);
        }
        String rtmpUrl = text(root, "rtmp_url");
        String streamKey = text(root, "stream_key");
        if (rtmpUrl.isBlank() || streamKey.isBlank()) {
            throw StreamException.policy("invalid_config", MISSING_FIELDS);
        }
        List<String> destinations = new ArrayList<>();
        destinations.add(OutputUrls.join(rtmpUrl, streamKey, settings.allowedHosts()));
        JsonNode extra = root.path("destinations");
        if (!extra.isMissingNode() && !extra.isNull()) {
            if (!extra.isArray()) {
                throw invalid("destinations 必须是数组");
            }
            for (JsonNode item : extra) {
                String url;
                if (item.isTextual()) {
                    String full = item.textValue().strip();
                    int slash = full.lastIndexOf('/');
                    if (slash < 0 || full.startsWith("//", slash - 1)) {
                        throw StreamException.policy("invalid_url", "推流地址格式无效");
                    }
                    url = OutputUrls.join(full.substring(0, slash), full.substring(slash + 1), settings.allowedHosts());
                } else if (item.isObject() && !text(item, "rtmp_url").isBlank() && !text(item, "stream_key").isBlank()) {
                    url = OutputUrls.join(text(item, "rtmp_url"), text(item, "stream_key"), settings.allowedHosts());
                } else {
                    throw invalid("destinations 的每一项必须是完整地址或 {rtmp_url, stream_key}");
                }
                if (!destinations.contains(url)) {
                    destinations.add(url);
                }
            }
        }
        if (destinations.size() > settings.maxDestinations()) {
            throw invalid("推流目标最多 " + settings.maxDestinations() + " 个");
        }
        int width = 0;
        int height = 0;
        String resolution = text(root, "resolution");
        if (!resolution.isBlank()) {
            Matcher matcher = RESOLUTION.matcher(resolution.strip());
            if (!matcher.matches()) {
                throw invalid("resolution 格式应为 宽x高，例如 1280x720");
            }
            width = Integer.parseInt(matcher.group(1));
            height = Integer.parseInt(matcher.group(2));
            if (width < 16 || height < 16 || width > 3840 || height > 2160) {
                throw invalid("resolution 超出范围 (16x16 到 3840x2160)");
            }
        }
        int fps = integer(root, "fps", settings.defaultFps(), 1, 60);
        int bitrate = integer(root, "bitrate", settings.defaultBitrate(), 100, 50_000);
        String audioCodec = text(root, "audio_codec").toLowerCase(Locale.ROOT);
        if (!audioCodec.isEmpty() && !audioCodec.equals("aac")) {
            throw invalid("audio_codec 只支持 aac");
        }
        String videoCodec = text(root, "video_codec").toLowerCase(Locale.ROOT);
        boolean forceTranscode = switch (videoCodec) {
            case "", "h264", "avc", "copy" -> false;
            case "libx264", "x264" -> true;
            default -> throw invalid("video_codec 只支持 h264 (H.264 输入直接复制，其他编码转为 H.264) 或 libx264 (总是重新编码)");
        };
        String title = text(root, "title");
        if (title.isBlank()) {
            title = text(root, "topic");
        }
        if (title.length() > 100) {
            title = title.substring(0, 100);
        }
        String token = text(root, "token").strip();
        return new StreamConfig(rtmpUrl, streamKey, destinations, width, height, fps, bitrate, forceTranscode,
                title.strip(), token.isEmpty() ? Optional.empty() : Optional.of(token));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.asText();
        }
        throw invalid(field + " 必须是字符串");
    }

    private static int integer(JsonNode node, String field, int fallback, int min, int max) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            return fallback;
        }
        int parsed;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            parsed = value.intValue();
        } else if (value.isTextual() && value.textValue().strip().matches("\\d{1,9}")) {
            parsed = Integer.parseInt(value.textValue().strip());
        } else {
            throw invalid(field + " 必须是 " + min + " 到 " + max + " 之间的整数");
        }
        if (parsed < min || parsed > max) {
            throw invalid(field + " 必须是 " + min + " 到 " + max + " 之间的整数");
        }
        return parsed;
    }

    private static StreamException invalid(String message) {
        return StreamException.policy("invalid_config", message);
    }
}
