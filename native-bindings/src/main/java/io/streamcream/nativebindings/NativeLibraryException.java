package io.streamcream.nativebindings;

import java.io.Serial;

/**
 * A native library could not be located, loaded or is not compatible with these bindings.
 */
public class NativeLibraryException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, including the path or names that were tried
     */
    public NativeLibraryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, including the path or names that were tried
     * @param cause   the underlying failure
     */
    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
