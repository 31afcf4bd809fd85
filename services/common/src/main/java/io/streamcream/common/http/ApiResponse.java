package io.streamcream.common.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The response envelope of the API document §1.1.2:
 * {@code {success, message, data, timestamp, code}}, where {@code code} equals the HTTP status.
 *
 * @param success   whether the operation succeeded
 * @param message   human-readable outcome
 * @param data      payload, {@code null} on most errors
 * @param timestamp ISO-8601 UTC time of the answer
 * @param code      the HTTP status
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiResponse(boolean success, String message, Object data, String timestamp, int code) {

    /**
     * A successful answer.
     *
     * @param status  HTTP status code
     * @param message outcome text
     * @param data    payload
     * @return the envelope
     */
    public static ApiResponse ok(int status, String message, Object data) {
        return new ApiResponse(true, message, data, now(), status);
    }

    /**
     * A failed answer.
     *
     * @param status  HTTP status code
     * @param message what went wrong
     * @param data    details, may be {@code null}
     * @return the envelope
     */
    public static ApiResponse error(int status, String message, Object data) {
        return new ApiResponse(false, message, data, now(), status);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
