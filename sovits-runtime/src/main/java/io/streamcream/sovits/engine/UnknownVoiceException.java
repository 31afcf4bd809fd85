package io.streamcream.sovits.engine;

/** No bundle of that name under the root (HTTP 400/404). */
public final class UnknownVoiceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the voice and the known ones
     */
    public UnknownVoiceException(String message) {
        super(message);
    }
}
