package io.streamcream.streaming;

import java.net.URI;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

@ServerTest
class StreamingProtocolPostgresIT extends StreamingProtocolTests {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.POSTGRES, SETTINGS);

    StreamingProtocolPostgresIT(URI uri) {
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
