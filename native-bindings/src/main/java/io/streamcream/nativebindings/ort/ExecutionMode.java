package io.streamcream.nativebindings.ort;

/**
 * {@code ExecutionMode}: whether independent graph nodes run one after another or in parallel.
 */
public enum ExecutionMode {
    /** One node at a time (ORT's default). */
    SEQUENTIAL,
    /** Independent nodes in parallel on the inter-op pool. */
    PARALLEL;

    /**
     * The C value.
     *
     * @return the ordinal, which equals the C value
     */
    public int value() {
        return ordinal();
    }
}
