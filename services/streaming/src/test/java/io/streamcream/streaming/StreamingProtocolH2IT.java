package io.streamcream.streaming;

import java.net.URI;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

@ServerTest
class StreamingProtocolH2IT extends StreamingProtocolTests {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, SETTINGS);

    StreamingProtocolH2IT(URI uri) {
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
