package io.streamcream.sovits.http;

import java.util.Map;

import io.helidon.http.Status;

/**
 * An error with api_v2's exact body ({@code {"message": ...}} for 400s, FastAPI's
 * {@code {"detail": [...]}} for 422s), so existing GPT-SoVITS clients read it unchanged.
 */
public final class ApiV2Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status status;
    private final transient Map<String, Object> body;

    ApiV2Exception(Status status, Map<String, Object> body) {
        super(String.valueOf(body.getOrDefault("message", body.get("detail"))), null, false, false);
        this.status = status;
        this.body = body;
    }

    /**
     * @param message the text
     * @return 400 {@code {"message": text}}
     */
    static ApiV2Exception badRequest(String message) {
        return new ApiV2Exception(Status.BAD_REQUEST_400, Map.of("message", message));
    }

    /**
     * @param message   the text
     * @param exception what failed
     * @return 400 {@code {"message": text, "Exception": detail}}
     */
    static ApiV2Exception failed(String message, String exception) {
        return new ApiV2Exception(Status.BAD_REQUEST_400, Map.of("message", message, "Exception", exception));
    }

    Status status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }
}
