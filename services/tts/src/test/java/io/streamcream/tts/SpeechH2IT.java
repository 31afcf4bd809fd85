package io.streamcream.tts;

import java.net.URI;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

@ServerTest
class SpeechH2IT extends SpeechTests {

    @RegisterExtension
    static final WireMockExtension LLM = wireMock();
    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, settings());

    SpeechH2IT(URI uri) {
        super(uri, ENV, LLM);
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
