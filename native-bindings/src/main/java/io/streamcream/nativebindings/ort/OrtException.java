package io.streamcream.nativebindings.ort;

import java.io.Serial;

/**
 * An {@code OrtStatus} error from ONNX Runtime, carrying ORT's error code and message. Unchecked.
 */
public class OrtException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final OrtErrorCode code;
    private final String ortMessage;

    /**
     * Creates the exception.
     *
     * @param code       ORT's error code
     * @param ortMessage ORT's message, unchanged
     */
    public OrtException(OrtErrorCode code, String ortMessage) {
        super("ORT_" + code + " (" + code.value() + "): " + ortMessage);
        this.code = code;
        this.ortMessage = ortMessage;
    }

    /**
     * ORT's error code.
     *
     * @return the code
     */
    public OrtErrorCode code() {
        return code;
    }

    /**
     * ORT's message without the code prefix.
     *
     * @return the message
     */
    public String ortMessage() {
        return ortMessage;
    }
}
