package io.streamcream.nativebindings.ort;

/**
 * {@code OrtLoggingLevel}.
 */
public enum LoggingLevel {
    /** Everything. */
    VERBOSE,
    /** Informational. */
    INFO,
    /** Warnings (the default). */
    WARNING,
    /** Errors. */
    ERROR,
    /** Fatal errors only. */
    FATAL;

    /**
     * The C value.
     *
     * @return the ordinal, which equals the C value
     */
    public int value() {
        return ordinal();
    }
}
