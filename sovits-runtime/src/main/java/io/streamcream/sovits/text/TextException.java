package io.streamcream.sovits.text;

/**
 * Input text that cannot be synthesised (empty, punctuation only, an unsupported language, ...). The message is meant
 * for the API client (HTTP 400).
 */
public class TextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-facing message
     */
    public TextException(String message) {
        super(message);
    }
}
