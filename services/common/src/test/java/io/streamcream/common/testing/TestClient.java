package io.streamcream.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.streamcream.common.json.Json;

/**
 * A small HTTP client for tests (JDK {@link HttpClient}), so requests can carry any body, header
 * and method, including malformed ones. When the test module enables {@link Conformance}, every
 * exchange is also checked against the service's OpenAPI document.
 */
public final class TestClient {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:12345}
     */
    public TestClient(URI base) {
        this.base = base;
    }

    /**
     * @param path path and query
     * @return a request builder for it
     */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    /**
     * @param request the request
     * @return the reply
     */
    public HttpReply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            HttpReply reply = new HttpReply(response.statusCode(), response.headers(), response.body());
            ConformanceSettings.document().ifPresent(document -> Conformance.forDocument(document).check(request, reply));
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * GET with an optional bearer token.
     *
     * @param path  path
     * @param token token or {@code null}
     * @return the reply
     */
    public HttpReply get(String path, String token) {
        return send(auth(request(path).GET(), token).build());
    }

    /**
     * A JSON request.
     *
     * @param method HTTP method
     * @param path   path
     * @param body   value serialised as JSON, or a String sent as is
     * @param token  token or {@code null}
     * @return the reply
     */
    public HttpReply json(String method, String path, Object body, String token) {
        byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : Json.bytes(body);
        return send(auth(request(path), token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build());
    }

    /**
     * POST JSON.
     *
     * @param path  path
     * @param body  body
     * @param token token or {@code null}
     * @return the reply
     */
    public HttpReply post(String path, Object body, String token) {
        return json("POST", path, body, token);
    }

    /**
     * POST JSON without a token.
     *
     * @param path path
     * @param body body
     * @return the reply
     */
    public HttpReply post(String path, Object body) {
        return json("POST", path, body, null);
    }

    private static HttpRequest.Builder auth(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }
}
