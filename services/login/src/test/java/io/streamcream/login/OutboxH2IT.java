package io.streamcream.login;

import java.net.URI;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** With no SMTP host (the embedded default) mail is written to the outbox folder. */
@ServerTest
class OutboxH2IT {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of());

    private final TestClient client;

    OutboxH2IT(URI uri) {
        this.client = new TestClient(uri);
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

    @Test
    void signUpThroughTheOutbox() throws Exception {
        String email = "outbox_user@example.com";
        HttpReply reply = client.post("/api/register", Map.of("username", "outbox_user", "email", email,
                "password", "long-enough-password"));
        assertThat(reply.toString(), reply.status(), is(200));
        MailDeliveryTests.assertOutboxMail(ENV.dataDir(), email);
        String html = MailCatcher.content(MailDeliveryTests.newestOutboxMail(ENV.dataDir()));
        String code = html.replaceAll("(?s).*>(\\d{6})<.*", "$1");
        assertThat(client.post("/api/verify-email", Map.of("email", email, "code", code)).status(), is(201));
    }
}
