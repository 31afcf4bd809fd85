package io.streamcream.tts;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** With {@code tts.compat.allow-anonymous}, the original routes work without a token, apart from users' files. */
abstract class AnonymousCompatTests {

    final TestClient client;
    final TestEnvironment env;

    AnonymousCompatTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
    }

    static Map<String, String> settings(SovitsStub sovits) {
        return Map.of("tts.synthesis.endpoints", sovits.url(), "tts.compat.allow-anonymous", "true");
    }

    @Test
    void anonymousCallersGetTheirOwnCorner() {
        HttpReply reply = client.post("/synthesize-speech", Map.of("text", "匿名合成"), null);
        assertThat(reply.toString(), reply.status(), is(200));
        String url = reply.json().get("audio_url").asText();
        String name = url.substring(url.lastIndexOf('/') + 1);
        assertThat(client.get(url, null).status(), is(200));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "匿名合成"), null).status(), is(401));

        long now = System.currentTimeMillis();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                + "token_version, created_at, updated_at) VALUES ('anon_peer', 'anon_peer', 'p@example.com', "
                + "'p@example.com', 'x', TRUE, 0, ?, ?)", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = 'anon_peer'").orElseThrow()
                .column("id").get(Number.class).longValue();
        String token = env.platform().tokens().issue(id, 0).token();
        assertThat(client.json("DELETE", "/delete-audio/" + name, "", token).status(), is(404));
        assertThat(client.get("/delete-all-audio", token).json().get("deleted").asInt(), is(0));
        assertThat(client.get(url, null).status(), is(200));
        assertThat(client.json("DELETE", "/delete-audio/" + name, "", null).status(), is(200));
        assertThat(client.get(url, null).status(), is(404));
        // A presented token is still checked.
        assertThat(client.post("/synthesize-speech", Map.of("text", "x"), "garbage").status(), is(401));
    }
}
