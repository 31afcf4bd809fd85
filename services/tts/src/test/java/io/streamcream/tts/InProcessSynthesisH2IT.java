package io.streamcream.tts;

import java.net.URI;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

@ServerTest
class InProcessSynthesisH2IT extends InProcessSynthesisTests {

    static final TestEnvironment ENV = withTinyVoice(TestEnvironment.create(TestDatabase.H2, Map.of()));

    InProcessSynthesisH2IT(URI uri) {
        super(uri, ENV);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        TestEnvironment.localhost(server);
        Main.setup(server, ENV.platform());
    }

    @AfterAll
    static void close() {
        ENV.close();
    }
}
