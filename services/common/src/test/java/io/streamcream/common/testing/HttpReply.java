package io.streamcream.common.testing;

import java.net.http.HttpHeaders;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamcream.common.json.Json;

/**
 * A response as tests see it.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    raw body
 */
public record HttpReply(int status, HttpHeaders headers, byte[] body) {

    /** @return the body parsed as JSON */
    public JsonNode json() {
        return Json.parse(body);
    }

    /**
     * @param name header name
     * @return its first value
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** @return the body as text */
    public String text() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return status + " " + text();
    }
}
