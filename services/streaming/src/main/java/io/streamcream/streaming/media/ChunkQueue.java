package io.streamcream.streaming.media;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The chunks between the WebSocket thread and the pipeline thread, bounded by bytes. A chunk larger
 * than the whole bound is still accepted when the queue is empty, so one big message never blocks
 * forever.
 */
final class ChunkQueue {

    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long bytes;
    private boolean ended;
    private boolean aborted;

    ChunkQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** What {@link #take} found. */
    enum State { CHUNK, EMPTY, END, ABORTED }

    /**
     * A queued chunk.
     *
     * @param bytes        the media bytes
     * @param arrivedNanos {@link System#nanoTime()} when it was offered (for the latency histogram)
     */
    record Chunk(byte[] bytes, long arrivedNanos) {
    }

    /**
     * Adds a chunk, waiting for room up to {@code timeout}.
     *
     * @param chunk   the bytes (not copied; the caller gives them up)
     * @param timeout longest wait
     * @return whether the chunk was queued (false when full for the whole wait, ended or aborted)
     * @throws InterruptedException if interrupted while waiting
     */
    boolean offer(byte[] chunk, Duration timeout) throws InterruptedException {
        long arrived = System.nanoTime();
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!ended && !aborted && !chunks.isEmpty() && bytes + chunk.length > maxBytes) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            if (ended || aborted) {
                return false;
            }
            chunks.addLast(new Chunk(chunk, arrived));
            bytes += chunk.length;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param length bytes of a chunk about to be offered
     * @return whether it would have to wait
     */
    boolean wouldBlock(int length) {
        lock.lock();
        try {
            return !chunks.isEmpty() && bytes + length > maxBytes;
        } finally {
            lock.unlock();
        }
    }

    /** No more chunks will come; the reader sees the end once it has read the rest. */
    void end() {
        lock.lock();
        try {
            ended = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything; readers and writers return at once. */
    void abort() {
        lock.lock();
        try {
            aborted = true;
            chunks.clear();
            bytes = 0;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next chunk (with its arrival time) into {@code holder[0]}.
     *
     * @param holder receives the chunk
     * @param waitMillis longest wait
     * @return what was found
     * @throws InterruptedException if interrupted
     */
    State take(Chunk[] holder, long waitMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lock();
        try {
            while (!aborted && chunks.isEmpty() && !ended) {
                if (nanos <= 0) {
                    return State.EMPTY;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            if (aborted) {
                return State.ABORTED;
            }
            if (chunks.isEmpty()) {
                return State.END;
            }
            Chunk chunk = chunks.removeFirst();
            bytes -= chunk.bytes().length;
            notFull.signalAll();
            holder[0] = chunk;
            return State.CHUNK;
        } finally {
            lock.unlock();
        }
    }

    /** @return bytes waiting */
    long queuedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
