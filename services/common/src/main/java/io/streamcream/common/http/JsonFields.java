package io.streamcream.common.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed reads of a JSON object's fields that collect validation errors instead of failing on the
 * first, so a client learns every problem of a request at once.
 */
public final class JsonFields {

    private final ObjectNode node;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonFields(ObjectNode node) {
        this.node = node;
    }

    /**
     * @param node the request object
     * @return a reader over it
     */
    public static JsonFields of(ObjectNode node) {
        return new JsonFields(node);
    }

    /**
     * An optional string field. Absent, {@code null} and blank count as absent; a value of another
     * JSON type is recorded as an error.
     *
     * @param name field name
     * @return the stripped value
     */
    public Optional<String> string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            if (value.isNumber()) {
                return blankToEmpty(value.asText());
            }
            errors.add(new FieldError(name, "必须是字符串"));
            return Optional.empty();
        }
        return blankToEmpty(value.textValue());
    }

    /**
     * A string field as sent, without stripping (passwords keep their spaces).
     *
     * @param name field name
     * @return the raw value when it is a non-empty string
     */
    public Optional<String> rawString(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "必须是字符串"));
            return Optional.empty();
        }
        return value.textValue().isEmpty() ? Optional.empty() : Optional.of(value.textValue());
    }

    /**
     * A required string field; records "必填" when missing.
     *
     * @param name field name
     * @return the stripped value, or an empty string when missing
     */
    public String requiredString(String name) {
        Optional<String> value = string(name);
        if (value.isEmpty() && !hasErrorFor(name)) {
            errors.add(new FieldError(name, "必填"));
        }
        return value.orElse("");
    }

    /**
     * A required string kept exactly as sent (passwords).
     *
     * @param name field name
     * @return the value, or an empty string when missing
     */
    public String requiredRawString(String name) {
        Optional<String> value = rawString(name);
        if (value.isEmpty() && !hasErrorFor(name)) {
            errors.add(new FieldError(name, "必填"));
        }
        return value.orElse("");
    }

    /**
     * Records an error for a field.
     *
     * @param name    field path
     * @param message what is wrong
     */
    public void reject(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    /** @return whether any field was missing (as opposed to malformed) */
    public boolean anyMissing() {
        return errors.stream().anyMatch(e -> e.message().equals("必填"));
    }

    /** @return the errors recorded so far */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /**
     * Throws a 400 with every recorded error when there is one.
     *
     * @param missingMessage summary used when a required field is missing (the original texts,
     *                       such as {@code 所有字段都是必填的})
     */
    public void throwIfInvalid(String missingMessage) {
        if (errors.isEmpty()) {
            return;
        }
        String summary = anyMissing() ? missingMessage : errors.getFirst().message();
        throw ApiException.validation(summary, errors);
    }

    private boolean hasErrorFor(String name) {
        return errors.stream().anyMatch(e -> e.field().equals(name));
    }

    private static Optional<String> blankToEmpty(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
    }
}
