package io.streamcream.nativebindings.ort;

/**
 * ONNX Runtime's {@code OrtErrorCode}, one constant per C value.
 */
public enum OrtErrorCode {
    /** {@code ORT_OK}. */
    OK(0),
    /** {@code ORT_FAIL}. */
    FAIL(1),
    /** {@code ORT_INVALID_ARGUMENT}. */
    INVALID_ARGUMENT(2),
    /** {@code ORT_NO_SUCHFILE}. */
    NO_SUCHFILE(3),
    /** {@code ORT_NO_MODEL}. */
    NO_MODEL(4),
    /** {@code ORT_ENGINE_ERROR}. */
    ENGINE_ERROR(5),
    /** {@code ORT_RUNTIME_EXCEPTION}. */
    RUNTIME_EXCEPTION(6),
    /** {@code ORT_INVALID_PROTOBUF}. */
    INVALID_PROTOBUF(7),
    /** {@code ORT_MODEL_LOADED}. */
    MODEL_LOADED(8),
    /** {@code ORT_NOT_IMPLEMENTED}. */
    NOT_IMPLEMENTED(9),
    /** {@code ORT_INVALID_GRAPH}. */
    INVALID_GRAPH(10),
    /** {@code ORT_EP_FAIL}. */
    EP_FAIL(11),
    /** {@code ORT_MODEL_LOAD_CANCELED}. */
    MODEL_LOAD_CANCELED(12),
    /** {@code ORT_MODEL_REQUIRES_COMPILATION}. */
    MODEL_REQUIRES_COMPILATION(13),
    /** {@code ORT_NOT_FOUND}. */
    NOT_FOUND(14),
    /** A code this binding does not know (a newer runtime). */
    UNKNOWN(-1);

    private final int value;

    OrtErrorCode(int value) {
        this.value = value;
    }

    /**
     * The C value.
     *
     * @return the {@code OrtErrorCode} number
     */
    public int value() {
        return value;
    }

    /**
     * Maps a C value.
     *
     * @param value the number returned by {@code GetErrorCode}
     * @return the constant, or {@link #UNKNOWN}
     */
    public static OrtErrorCode of(int value) {
        for (OrtErrorCode code : values()) {
            if (code.value == value) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
