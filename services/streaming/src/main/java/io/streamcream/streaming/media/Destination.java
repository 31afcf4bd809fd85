package io.streamcream.streaming.media;

/**
 * What the pipeline reports about one destination; written by the pipeline thread, read by anyone.
 */
public final class Destination {

    /** Where a destination stands. */
    public enum State { CONNECTING, CONNECTED, FAILED, CLOSED }

    private final String url;
    private volatile State state = State.CONNECTING;
    private volatile long bytesSent;
    private volatile String error = "";

    Destination(String url) {
        this.url = url;
    }

    /** @return the full output address (contains the stream key: never show it unmasked) */
    public String url() {
        return url;
    }

    /** @return current state */
    public State state() {
        return state;
    }

    /** @return FLV bytes written */
    public long bytesSent() {
        return bytesSent;
    }

    /** @return why it failed, empty when it did not */
    public String error() {
        return error;
    }

    void state(State newState) {
        state = newState;
    }

    void bytesSent(long bytes) {
        bytesSent = bytes;
    }

    void fail(String message) {
        error = message;
        state = State.FAILED;
    }
}
