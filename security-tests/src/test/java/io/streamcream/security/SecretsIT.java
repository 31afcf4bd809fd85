package io.streamcream.security;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.streamcream.common.json.Json;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Runs the paths most likely to leak a secret (mail failure, LLM failure, RTMP failure, bad logins,
 * key use) with every log record captured, then looks for each secret in the logs and error bodies.
 */
class SecretsIT {

    static final String SMTP_PASSWORD = "smtp-secret-pass-7781";
    static final String API_KEY = "sk-live-secret-api-key-5521";
    static final String PASSWORD = "user-secret-password-9090";
    static final String STREAM_KEY = "stream-secret-key-3141592";
    static final String WS_KEY = "ws-secret-stream-key-2718";

    @Test
    void secretsNeverReachLogsOrErrorBodies() throws Exception {
        int deadSmtp = io.streamcream.streaming.RtmpSink.freePort();
        try (Stack stack = Stack.start(TestDatabase.H2, Map.of(
                "mail.smtp.host", "127.0.0.1", "mail.smtp.port", String.valueOf(deadSmtp), "mail.smtp.security", "none",
                "mail.smtp.username", "mailer", "mail.smtp.password", SMTP_PASSWORD, "mail.smtp.timeout", "PT1S",
                "login.resend-cooldown", "PT0.1S"), false)) {
            var login = stack.client("login");
            HttpReply registered = login.post("/api/auth/register", Map.of("username", "secretive", "email", "secretive@example.com",
                    "password", PASSWORD));
            assertThat(registered.toString(), registered.status(), anyOf(is(200), is(202), is(503)));
            assertThat(login.post("/api/auth/resend-verification", Map.of("email", "secretive@example.com")).status(), greaterThan(0));
            assertThat(login.post("/api/auth/login", Map.of("username", "secretive", "password", PASSWORD)).status(), anyOf(is(401), is(403)));
            assertThat(login.post("/api/auth/login", Map.of("username", "secretive", "password", PASSWORD + "x")).status(), anyOf(is(401), is(403)));
            assertThat(login.post("/api/auth/register", Map.of("username", "s", "email", "bad", "password", PASSWORD)).status(), is(400));

            Stack.User user = stack.user("keyholder");
            HttpReply saved = login.json("PUT", "/api/preferences", Map.of("aiSettings", Map.of(
                    "provider", "http://127.0.0.1:" + deadSmtp + "/v1/chat/completions", "apiKey", API_KEY, "modelName", "m")), user.token());
            assertThat(saved.toString(), saved.status(), is(200));
            assertThat(login.json("PUT", "/api/preferences", Map.of("aiSettings", Map.of("provider", "ftp://x", "apiKey", API_KEY)),
                    user.token()).status(), is(400));
            HttpReply speech = stack.client("tts").post("/api/tts/generate-speech", Map.of("topic", "泄露"), user.token());
            assertThat(speech.toString(), speech.status(), anyOf(is(400), is(502), is(503)));

            HttpReply stream = login.post("/api/streams", Map.of("title", "s", "stream_key", STREAM_KEY), user.token());
            assertThat(stream.status(), is(201));
            assertThat(login.post("/api/streams", Map.of("title", "dup", "stream_key", STREAM_KEY), user.token()).status(), is(409));
            URI ws = URI.create("ws://127.0.0.1:" + stack.launcher.port("streaming") + "/");
            try (Ws client = Ws.connect(ws, user.token())) {
                client.text(Json.text(Map.of("rtmp_url", "rtmp://127.0.0.1:" + deadSmtp + "/live", "stream_key", WS_KEY)));
                assertThat(client.awaitType("started", 5000), notNullValue());
                client.binary(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1, 2, 3, 4});
                client.await(m -> "error".equals(m.path("type").asText()) || "ended".equals(m.path("type").asText()), 8000);
            }
            String adminToken = Files.readString(stack.env.dataDir().resolve("keys/sovits-admin.token")).strip();
            HttpReply control = stack.client("sovits").send(stack.client("sovits").request("/control/reload")
                    .header("X-Admin-Token", adminToken + "x").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(control.toString(), control.status(), anyOf(is(401), is(403)));
            // The generated token is the content of keys/sovits-admin.token, as documented.
            HttpReply switched = stack.client("sovits").send(stack.client("sovits").request("/control/reload")
                    .header("X-Admin-Token", adminToken).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(switched.toString(), switched.status(), is(200));

            Thread.sleep(500);
            assertThat(stack.capturedLogs(), greaterThan(5));
            assertThat(stack.capturedBodies(), greaterThan(5));
            stack.assertNoSecrets(List.of(TestEnvironment.JWT_SECRET, SMTP_PASSWORD, API_KEY, PASSWORD, STREAM_KEY, WS_KEY,
                    adminToken, user.token()));
        }
    }

}
