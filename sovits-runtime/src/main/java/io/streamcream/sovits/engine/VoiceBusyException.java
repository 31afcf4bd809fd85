package io.streamcream.sovits.engine;

/** A voice's pool and queue are full (HTTP 503 with Retry-After, or 429). */
public final class VoiceBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the voice and the limits
     */
    public VoiceBusyException(String message) {
        super(message);
    }
}
