package io.streamcream.login;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** Rate limits per IP and per account, with tight limits configured for the test. */
abstract class RateLimitTests {

    final TestClient client;

    RateLimitTests(URI uri) {
        this.client = new TestClient(uri);
    }

    static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("rate-limits.login.per-account.capacity", "3");
        settings.put("rate-limits.login.per-account.period", "PT1H");
        settings.put("rate-limits.login.per-ip.capacity", "6");
        settings.put("rate-limits.login.per-ip.period", "PT1H");
        settings.put("rate-limits.register.per-ip.capacity", "2");
        settings.put("rate-limits.register.per-ip.period", "PT1H");
        settings.put("rate-limits.forgot-password.per-account.capacity", "1");
        settings.put("rate-limits.forgot-password.per-account.period", "PT1H");
        return settings;
    }

    private static void assertLimited(HttpReply reply) {
        assertThat(reply.toString(), reply.status(), is(429));
        assertThat(reply.json().get("code").asInt(), is(429));
        assertThat(Long.parseLong(reply.header("Retry-After").orElseThrow()), greaterThan(0L));
    }

    @Test
    void loginIsLimitedPerAccountThenPerIp() {
        Map<String, String> victim = Map.of("username", "victim_user", "password", "wrong-password");
        for (int i = 0; i < 3; i++) {
            assertThat(client.post("/api/auth/login", victim).status(), is(401));
        }
        assertLimited(client.post("/api/login", victim));
        for (int i = 0; i < 2; i++) {
            assertThat(client.post("/api/auth/login", Map.of("username", "other_" + i, "password", "wrong-password"))
                    .status(), is(401));
        }
        assertLimited(client.post("/api/auth/login", Map.of("username", "fresh_name", "password", "wrong-password")));
    }

    @Test
    void registerIsLimitedPerIp() {
        for (int i = 0; i < 2; i++) {
            // Invalid bodies are rejected before the limit is consulted, so use valid ones.
            HttpReply reply = client.post("/api/auth/register", Map.of("username", "rl_user_" + i,
                    "email", "rl" + i + "@example.com", "password", "long-enough-password"));
            assertThat(reply.toString(), reply.status() == 200 || reply.status() == 503, is(true));
        }
        assertLimited(client.post("/api/register", Map.of("username", "rl_user_x",
                "email", "rlx@example.com", "password", "long-enough-password")));
    }

    @Test
    void forgotPasswordIsLimitedPerAccount() {
        Map<String, String> body = Map.of("username", "someone_else", "email", "someone@example.com");
        assertThat(client.post("/api/auth/forgot-password", body).status(), is(200));
        assertLimited(client.post("/api/forgot-password", body));
    }
}
