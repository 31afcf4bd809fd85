package io.streamcream.streaming.media;

/** A failure of the media pipeline, with FFmpeg's error code when it came from FFmpeg. */
public final class MediaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code    FFmpeg error code (negative), or 0
     * @param message client-facing description
     */
    public MediaException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** @return FFmpeg's error code, 0 when the failure did not come from FFmpeg */
    public int code() {
        return code;
    }
}
