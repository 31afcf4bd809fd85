package io.streamcream.nativebindings.ort;

/**
 * {@code GraphOptimizationLevel}.
 */
public enum GraphOptimizationLevel {
    /** No graph optimisation. */
    DISABLE_ALL(0),
    /** Basic rewrites such as constant folding. */
    BASIC(1),
    /** Basic plus extended fusions. */
    EXTENDED(2),
    /** Everything, including layout optimisations (ORT's default). */
    ALL(99);

    private final int value;

    GraphOptimizationLevel(int value) {
        this.value = value;
    }

    /**
     * The C value.
     *
     * @return the enum value
     */
    public int value() {
        return value;
    }
}
