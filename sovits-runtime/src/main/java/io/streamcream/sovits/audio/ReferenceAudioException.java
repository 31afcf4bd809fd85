package io.streamcream.sovits.audio;

/**
 * Reference audio that cannot be used (not a WAV file, an unsupported encoding, outside 3–10 s). The message is meant
 * for the API client (HTTP 400).
 */
public final class ReferenceAudioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Upstream's message for a reference outside 3–10 s. */
    public static final String DURATION_MESSAGE = "参考音频在3~10秒范围外，请更换！";

    /**
     * @param message client-facing message
     */
    public ReferenceAudioException(String message) {
        super(message);
    }
}
