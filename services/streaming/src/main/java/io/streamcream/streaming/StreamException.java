package io.streamcream.streaming;

import io.helidon.websocket.WsCloseCodes;

/** A refusal on the WebSocket: the error text sent to the client and the close code that follows. */
final class StreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int closeCode;
    private final String code;

    /**
     * @param closeCode WebSocket close code
     * @param code      stable machine-readable code
     * @param message   client-facing message
     */
    StreamException(int closeCode, String code, String message) {
        super(message);
        this.closeCode = closeCode;
        this.code = code;
    }

    static StreamException policy(String code, String message) {
        return new StreamException(WsCloseCodes.VIOLATED_POLICY, code, message);
    }

    int closeCode() {
        return closeCode;
    }

    String code() {
        return code;
    }
}
