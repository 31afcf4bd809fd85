package io.streamcream.sovits.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.Session;
import io.streamcream.nativebindings.ort.SessionOptions;

/**
 * One ONNX Runtime environment and single-threaded session options per test class, opened before its tests and
 * closed after them: {@code @RegisterExtension static final OrtSessions ORT = new OrtSessions();}.
 */
public final class OrtSessions implements BeforeAllCallback, AfterAllCallback {
    private Environment environment;
    private SessionOptions options;

    @Override
    public void beforeAll(ExtensionContext context) {
        environment = Environment.create();
        options = SessionOptions.create().intraOpThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        options.close();
        environment.close();
    }

    /**
     * @param graph model bytes
     * @return a session the caller closes
     */
    public Session open(byte[] graph) {
        return environment.createSession(graph, options);
    }

    /** @return the environment */
    public Environment environment() {
        return environment;
    }

    /** @return the session options */
    public SessionOptions options() {
        return options;
    }
}
