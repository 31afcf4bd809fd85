package io.streamcream.sovits.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The chunks of one streaming synthesis (mode 1: one per text segment), in order. The synthesis runs on the voice's
 * pool and blocks when {@code buffer} finished chunks wait unread (back-pressure). {@link #close()} cancels it: the
 * worker stops before its next T2S step or segment and releases its slot. Errors of the synthesis (bad reference,
 * unsupported text, ...) are thrown from {@link #next()}, before any chunk when they concern the request itself, so
 * a server can wait for the first chunk before it commits a status code.
 * <p>
 * One consumer thread; {@link #close()} may come from any thread.
 */
public final class AudioStream implements AutoCloseable {
    private static final Object END = new Object();
    private static final Object CANCELLED = new Object();

    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue;
    private volatile boolean cancelled;
    private boolean finished;

    AudioStream(int buffer) {
        this.queue = new ArrayBlockingQueue<>(buffer);
    }

    /**
     * Waits for the next chunk.
     *
     * @return the chunk, or {@code null} after the last one
     * @throws RuntimeException the synthesis' error ({@code TextException}, {@code ReferenceAudioException}, ...)
     * @throws CancellationException after {@link #close()} or when the waiting thread is interrupted
     */
    public AudioChunk next() {
        if (finished) {
            return null;
        }
        if (cancelled) {
            throw new CancellationException("stream closed");
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for audio");
        }
        if (o == END) {
            finished = true;
            return null;
        }
        if (o == CANCELLED) {
            throw new CancellationException("stream closed");
        }
        if (o instanceof Failure f) {
            finished = true;
            throw f.error();
        }
        return (AudioChunk) o;
    }

    /**
     * @return whether the consumer has closed the stream
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Cancels the synthesis if it is still running and drops unread chunks. May be called from any thread: a consumer
     * blocked in {@link #next()} then gets a {@link CancellationException}.
     */
    @Override
    public void close() {
        cancelled = true;
        queue.clear();
        queue.offer(CANCELLED);
    }

    /** Worker side: waits for room; returns false when the consumer has gone. */
    boolean offer(AudioChunk chunk) {
        return put(chunk);
    }

    void end() {
        put(END);
    }

    void fail(RuntimeException error) {
        put(new Failure(error));
    }

    private boolean put(Object o) {
        try {
            while (!cancelled) {
                if (queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
