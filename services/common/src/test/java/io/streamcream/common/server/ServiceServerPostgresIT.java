package io.streamcream.common.server;

import java.net.URI;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

@ServerTest
class ServiceServerPostgresIT extends ServiceServerTests {

    static final TestEnvironment ENV = environment(TestDatabase.POSTGRES);

    ServiceServerPostgresIT(URI uri) {
        super(uri);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        setup(server, ENV);
    }

    @AfterAll
    static void close() {
        ENV.close();
    }
}
