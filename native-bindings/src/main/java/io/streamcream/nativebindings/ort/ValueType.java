package io.streamcream.nativebindings.ort;

/**
 * {@code ONNXType}: the kind of a model input or output.
 */
public enum ValueType {
    /** Unknown. */
    UNKNOWN,
    /** A tensor. */
    TENSOR,
    /** A sequence. */
    SEQUENCE,
    /** A map. */
    MAP,
    /** An opaque value. */
    OPAQUE,
    /** A sparse tensor. */
    SPARSE_TENSOR,
    /** An optional value. */
    OPTIONAL;

    /**
     * Maps a C value.
     *
     * @param value the {@code ONNXType} number
     * @return the constant, {@link #UNKNOWN} if out of range
     */
    public static ValueType of(int value) {
        ValueType[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
