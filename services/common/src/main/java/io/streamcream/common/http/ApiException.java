package io.streamcream.common.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;

/**
 * The one error type handlers throw. {@link ErrorMapper} turns it into the JSON envelope with its
 * status; nothing else in the code writes error responses.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status status;
    private final transient List<FieldError> fieldErrors;
    private final transient Duration retryAfter;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    /**
     * Creates an error.
     *
     * @param status      HTTP status
     * @param message     message shown to the client (never secrets, never stack traces)
     * @param fieldErrors per-field validation errors, may be empty
     * @param retryAfter  value for {@code Retry-After}, or {@code null}
     */
    public ApiException(Status status, String message, List<FieldError> fieldErrors, Duration retryAfter) {
        super(message);
        this.status = status;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
    }

    /**
     * @param status  HTTP status
     * @param message client-facing message
     */
    public ApiException(Status status, String message) {
        this(status, message, List.of(), null);
    }

    /** @param message client-facing message @return 400 */
    public static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, message);
    }

    /**
     * 400 with per-field errors.
     *
     * @param message summary
     * @param errors  the fields at fault
     * @return the exception
     */
    public static ApiException validation(String message, List<FieldError> errors) {
        return new ApiException(Status.BAD_REQUEST_400, message, errors, null);
    }

    /** @param message client-facing message @return 401 */
    public static ApiException unauthorized(String message) {
        return new ApiException(Status.UNAUTHORIZED_401, message);
    }

    /** @param message client-facing message @return 403 */
    public static ApiException forbidden(String message) {
        return new ApiException(Status.FORBIDDEN_403, message);
    }

    /** @param message client-facing message @return 404 */
    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND_404, message);
    }

    /** @param message client-facing message @return 409 */
    public static ApiException conflict(String message) {
        return new ApiException(Status.CONFLICT_409, message);
    }

    /** @param message client-facing message @return 413 */
    public static ApiException tooLarge(String message) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, message);
    }

    /** @param message client-facing message @return 415 */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, message);
    }

    /**
     * 429 with {@code Retry-After}.
     *
     * @param message    client-facing message
     * @param retryAfter when to try again
     * @return the exception
     */
    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(Status.TOO_MANY_REQUESTS_429, message, List.of(), retryAfter);
    }

    /**
     * 405 naming the allowed methods in {@code Allow}.
     *
     * @param allow the allowed methods, comma separated
     * @return the exception
     */
    public static ApiException methodNotAllowed(String allow) {
        return new ApiException(Status.METHOD_NOT_ALLOWED_405, "不支持的请求方法，允许: " + allow, List.of(), null)
                .withHeader("Allow", allow);
    }

    /**
     * Adds a response header to the error answer.
     *
     * @param name  header name
     * @param value header value
     * @return this
     */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** @return extra response headers of the error answer */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /** @param message client-facing message @return 503 */
    public static ApiException unavailable(String message) {
        return new ApiException(Status.SERVICE_UNAVAILABLE_503, message);
    }

    /** @return the HTTP status */
    public Status status() {
        return status;
    }

    /** @return per-field errors, empty when not a validation error */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** @return the Retry-After delay, if any */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
