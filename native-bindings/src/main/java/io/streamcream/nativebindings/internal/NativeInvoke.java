package io.streamcream.nativebindings.internal;

/**
 * Turns the {@code Throwable} declared by {@code MethodHandle.invokeExact} into an unchecked exception.
 */
public final class NativeInvoke {
    private NativeInvoke() {
    }

    /**
     * Rethrows runtime exceptions and errors unchanged and wraps anything else.
     *
     * @param t what a downcall threw
     * @return never returns normally; declared so callers can write {@code throw NativeInvoke.rethrow(t)}
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("native call failed: " + t, t);
    }
}
