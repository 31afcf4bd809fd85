package io.streamcream.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.streamcream.common.json.Json;

/** Reads JSON request bodies with a size limit, a content-type check and clear 4xx errors. */
public final class RequestJson {

    /** Default limit of a JSON body: 1 MiB. */
    public static final int DEFAULT_LIMIT = 1024 * 1024;

    private RequestJson() {
    }

    /**
     * Reads the body as a JSON object; an empty body counts as {@code {}}.
     *
     * @param request the request
     * @return the object
     */
    public static ObjectNode object(ServerRequest request) {
        return object(request, DEFAULT_LIMIT);
    }

    /**
     * Reads the body as a JSON object.
     *
     * @param request  the request
     * @param maxBytes largest accepted body
     * @return the object; {@code {}} when the body is empty
     */
    public static ObjectNode object(ServerRequest request, int maxBytes) {
        byte[] bytes = bytes(request, maxBytes);
        if (bytes.length == 0) {
            return Json.object();
        }
        requireJsonContentType(request);
        JsonNode node = Json.parse(bytes);
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("请求体必须是JSON对象");
        }
        return object;
    }

    private static void requireJsonContentType(ServerRequest request) {
        String type = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json")
                .toLowerCase(java.util.Locale.ROOT);
        if (!(type.startsWith("application/json") || type.contains("+json") || type.startsWith("text/plain"))) {
            throw ApiException.unsupportedMediaType("Content-Type 必须是 application/json");
        }
    }

    /**
     * Reads the raw body, refusing more than {@code maxBytes}.
     *
     * @param request  the request
     * @param maxBytes largest accepted body
     * @return the bytes (empty when there is no body)
     */
    public static byte[] bytes(ServerRequest request, int maxBytes) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        long declared = request.headers().contentLength().orElse(-1L);
        if (declared > maxBytes) {
            throw ApiException.tooLarge("请求体过大（上限 " + maxBytes + " 字节）");
        }
        try (InputStream in = request.content().inputStream()) {
            if (declared >= 0) {
                // Sized from Content-Length: one exact array instead of 16 KB chunks and a copy.
                byte[] bytes = new byte[(int) declared];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    throw ApiException.badRequest("请求体不完整");
                }
                return bytes;
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw ApiException.tooLarge("请求体过大（上限 " + maxBytes + " 字节）");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
