package io.streamcream.sovits.bundle;

/**
 * A voice bundle that cannot be used: a malformed {@code bundle.json}, a missing graph file, or a graph whose inputs
 * or outputs differ from the manifest. The message names the bundle, the graph and the first problem found.
 */
public final class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the bundle and the graph
     */
    public BundleException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause   the underlying failure
     */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
