package io.streamcream.nativebindings.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the calls currently using a native object and lets {@code close()} wait for them.
 * <p>
 * {@link #enter()} fails fast with {@link IllegalStateException} once closing has begun; {@link #close()} marks the
 * object closed and then waits until every call that entered before has left. A single atomic add per enter/exit keeps
 * it cheap enough for the {@code Run} hot path.
 */
public final class UsageGuard {
    private static final long CLOSED = 1L << 62;
    private static final long COUNT_MASK = CLOSED - 1;

    private final AtomicLong state = new AtomicLong();
    private final String description;

    /**
     * Creates a guard.
     *
     * @param description what is guarded, used in the "closed" message (for example {@code "Session"})
     */
    public UsageGuard(String description) {
        this.description = description;
    }

    /**
     * Registers one user; must be paired with {@link #exit()} in a {@code finally} block.
     *
     * @throws IllegalStateException if the object is closed
     */
    public void enter() {
        long before = state.getAndIncrement();
        if ((before & CLOSED) != 0) {
            state.getAndDecrement();
            throw closedException();
        }
    }

    /**
     * Unregisters one user.
     */
    public void exit() {
        state.getAndDecrement();
    }

    /**
     * Fails fast if closed, without registering a user.
     *
     * @throws IllegalStateException if the object is closed
     */
    public void ensureOpen() {
        if (isClosed()) {
            throw closedException();
        }
    }

    /**
     * Whether closing has begun.
     *
     * @return {@code true} once {@link #close()} was called
     */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /**
     * Marks the object closed and waits for all current users to leave.
     *
     * @return {@code true} for the one caller that must now free the native object, {@code false} if already closed
     */
    public boolean close() {
        long before = state.getAndUpdate(s -> s | CLOSED);
        if ((before & CLOSED) != 0) {
            return false;
        }
        int spins = 0;
        while ((state.get() & COUNT_MASK) != 0) {
            if (++spins < 1_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
        }
        return true;
    }

    private IllegalStateException closedException() {
        return new IllegalStateException(description + " is closed");
    }

    @Override
    public String toString() {
        return description + (isClosed() ? " (closed)" : " (open, users=" + (state.get() & COUNT_MASK) + ")");
    }
}
