package io.streamcream.tts;

import java.net.URI;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

@ServerTest
class AnonymousCompatH2IT extends AnonymousCompatTests {

    static final SovitsStub SOVITS = new SovitsStub();
    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, settings(SOVITS));

    AnonymousCompatH2IT(URI uri) {
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
        SOVITS.close();
    }
}
