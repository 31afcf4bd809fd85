package io.streamcream.common.http;

/**
 * One validation failure.
 *
 * @param field   the field path, e.g. {@code aiSettings.temperature}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
