package io.streamcream.login;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** With no SMTP host (the embedded default) mail is written to the outbox folder. */
abstract class OutboxTests {

    private final TestClient client;
    private final TestEnvironment env;

    OutboxTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
    }

    @Test
    void signUpThroughTheOutbox() throws Exception {
        String email = "outbox_user@example.com";
        HttpReply reply = client.post("/api/register", Map.of("username", "outbox_user", "email", email,
                "password", "long-enough-password"));
        assertThat(reply.toString(), reply.status(), is(200));
        MailDeliveryTests.assertOutboxMail(env.dataDir(), email);
        String html = MailCatcher.content(MailDeliveryTests.newestOutboxMail(env.dataDir()));
        String code = html.replaceAll("(?s).*>(\\d{6})<.*", "$1");
        assertThat(client.post("/api/verify-email", Map.of("email", email, "code", code)).status(), is(201));
    }
}
