package io.streamcream.nativebindings.ort;

/**
 * Shared test setup: one environment and single-threaded sessions.
 */
final class OrtTestSupport {
    private OrtTestSupport() {
    }

    static SessionOptions singleThreaded() {
        return SessionOptions.create().intraOpThreads(1).interOpThreads(1).optimization(GraphOptimizationLevel.ALL);
    }

    static Session session(Environment env, byte[] model) {
        try (SessionOptions options = singleThreaded()) {
            return env.createSession(model, options);
        }
    }
}
