package io.streamcream.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

/** Forged, unsigned, expired and revoked tokens on every service, and one user's token on another's resources. */
class AuthAndOwnershipIT {

    static Stack stack;
    static Stack.User alice;
    static Stack.User bob;

    @BeforeAll
    static void start() {
        stack = Stack.start(TestDatabase.H2, Map.of(), true);
        alice = stack.user("alice");
        bob = stack.user("bob");
    }

    @AfterAll
    static void stop() {
        stack.assertNoSecrets(List.of(TestEnvironment.JWT_SECRET, alice.token(), bob.token()));
        stack.close();
    }

    /** One authenticated GET-like probe per service: service, method, path. */
    static final List<String[]> PROTECTED = List.of(
            new String[] {"login", "GET", "/api/users/me"},
            new String[] {"login", "GET", "/api/protected"},
            new String[] {"login", "GET", "/api/preferences"},
            new String[] {"login", "GET", "/api/files/backgrounds"},
            new String[] {"login", "GET", "/api/streams"},
            new String[] {"tts", "DELETE", "/api/tts/audio"},
            new String[] {"streaming", "GET", "/api/streaming/status"});

    private HttpReply call(String[] route, String authorization) {
        var builder = stack.client(route[0]).request(route[2]).method(route[1], java.net.http.HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return stack.client(route[0]).send(builder.build());
    }

    @Test
    void forgedUnsignedExpiredAndRevokedTokensAreRefusedEverywhere() {
        Stack.User carol = stack.user("carol");
        long now = System.currentTimeMillis() / 1000;
        byte[] key = TestEnvironment.JWT_SECRET.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> hs256 = Map.of("alg", "HS256", "typ", "JWT");
        Map<String, String> forgeries = new LinkedHashMap<>();
        forgeries.put("payload swapped to another user", Tokens.withPayload(carol.token(), Tokens.claims(alice.id(), now, now + 3600)));
        forgeries.put("alg none, no signature", Tokens.part(Map.of("alg", "none", "typ", "JWT")) + "."
                + Tokens.part(Tokens.claims(carol.id(), now, now + 3600)) + ".");
        forgeries.put("alg None with a signature", Tokens.hs256(Map.of("alg", "None", "typ", "JWT"),
                Tokens.claims(carol.id(), now, now + 3600), key));
        forgeries.put("HS512 with the right key", Tokens.withPayload(Tokens.hs256(Map.of("alg", "HS512"),
                Tokens.claims(carol.id(), now, now + 3600), key), Tokens.claims(carol.id(), now, now + 3600)));
        forgeries.put("wrong key", Tokens.hs256(hs256, Tokens.claims(carol.id(), now, now + 3600),
                "another-secret-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8)));
        forgeries.put("expired", Tokens.hs256(hs256, Tokens.claims(carol.id(), now - 7200, now - 3600), key));
        forgeries.put("issued in the future", Tokens.hs256(hs256, Tokens.claims(carol.id(), now + 86_400, now + 90_000), key));
        forgeries.put("user that does not exist", Tokens.hs256(hs256, Tokens.claims(987_654_321L, now, now + 3600), key));
        forgeries.put("string user id", Tokens.hs256(hs256, Map.of("user_id", "1 OR 1=1", "token_id", "x", "jti", "x",
                "iat", now, "exp", now + 3600), key));
        forgeries.put("signature stripped", carol.token().substring(0, carol.token().lastIndexOf('.') + 1));
        forgeries.put("two parts", carol.token().substring(0, carol.token().lastIndexOf('.')));
        forgeries.put("garbage", "not.a.token");
        forgeries.put("empty", "");
        for (String[] route : PROTECTED) {
            assertThat(route[2] + " without a token", call(route, null).status(), is(401));
            assertThat(route[2] + " with a valid token", call(route, "Bearer " + carol.token()).status(), is(200));
            for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
                HttpReply reply = call(route, "Bearer " + forgery.getValue());
                assertThat(route[2] + ": " + forgery.getKey() + " -> " + reply, reply.status(), is(401));
                assertThat(reply.text(), not(containsString("Exception")));
            }
            // Like the original service any scheme word is accepted, but the token behind it is still verified.
            assertThat(route[2] + " Basic scheme, forged", call(route, "Basic " + forgeries.get("wrong key")).status(), is(401));
        }
        // Revoked by logout: refused on every service from then on.
        assertThat(stack.client("login").post("/api/auth/logout", Map.of(), carol.token()).status(), is(200));
        for (String[] route : PROTECTED) {
            assertThat(route[2] + " after logout", call(route, "Bearer " + carol.token()).status(), is(401));
        }
    }

    @Test
    void usersCannotReachOtherUsersResources() throws Exception {
        var login = stack.client("login");
        // users
        assertThat(login.get("/api/users/" + alice.id(), bob.token()).status(), is(403));
        assertThat(login.get("/api/users/" + alice.id(), alice.token()).status(), is(200));
        // preferences are per token: bob never sees alice's key
        HttpReply written = login.json("PUT", "/api/preferences", Map.of("aiSettings", Map.of(
                "provider", "http://127.0.0.1:1/v1/chat/completions", "apiKey", "sk-alice-secret-key-42")), alice.token());
        assertThat(written.toString(), written.status(), is(200));
        assertThat(login.get("/api/preferences", bob.token()).text(), not(containsString("sk-alice-secret-key-42")));
        assertThat(login.get("/api/preferences", alice.token()).text(), containsString("sk-alice-secret-key-42"));
        // backgrounds
        HttpReply uploaded = login.upload("/api/files/upload-background", "a.png", "image/png", Images.png(16, 16), alice.token());
        assertThat(uploaded.toString(), uploaded.status(), is(201));
        String file = uploaded.json().at("/data/filename").asText();
        assertThat(uploaded.toString(), file.isEmpty(), is(false));
        HttpReply stolen = login.send(login.request("/api/files/backgrounds/" + file).header("Authorization", "Bearer " + bob.token())
                .DELETE().build());
        assertThat(stolen.toString(), stolen.status(), anyOf(is(403), is(404)));
        assertThat(login.get("/api/files/backgrounds", bob.token()).text(), not(containsString(file)));
        assertThat(login.get("/api/files/backgrounds/" + file, null).status(), is(200));
        // stream records
        HttpReply stream = login.post("/api/streams", Map.of("title", "alice live", "stream_key", "alice-stream-key-777"), alice.token());
        assertThat(stream.toString(), stream.status(), is(201));
        long streamId = stream.json().at("/data/id").asLong();
        assertThat(login.get("/api/streams/" + streamId, bob.token()).status(), anyOf(is(403), is(404)));
        assertThat(login.json("PATCH", "/api/streams/" + streamId, Map.of("title", "mine"), bob.token()).status(), anyOf(is(403), is(404)));
        assertThat(login.json("DELETE", "/api/streams/" + streamId, "", bob.token()).status(), anyOf(is(403), is(404)));
        assertThat(login.get("/api/streams", bob.token()).text(), not(containsString("alice-stream-key-777")));
        HttpReply still = login.get("/api/streams/" + streamId, alice.token());
        assertThat(still.json().at("/data/title").asText(), is("alice live"));
        // tts audio
        var tts = stack.client("tts");
        HttpReply audio = tts.post("/api/tts/synthesize", Map.of("text", "你好。"), alice.token());
        assertThat(audio.toString(), audio.status(), is(200));
        String url = audio.json().at("/data/audio_url").asText();
        String name = url.substring(url.lastIndexOf('/') + 1);
        assertThat(tts.json("DELETE", "/api/tts/audio/" + name, "", bob.token()).status(), anyOf(is(403), is(404)));
        assertThat(tts.json("DELETE", "/delete-audio/" + name, "", bob.token()).status(), anyOf(is(403), is(404)));
        assertThat(tts.json("DELETE", "/api/tts/audio", "", bob.token()).status(), is(200));
        assertThat(tts.get(url, null).status(), is(200));
        // streaming sessions
        URI ws = URI.create("ws://127.0.0.1:" + stack.launcher.port("streaming") + "/");
        try (Ws client = Ws.connect(ws, alice.token())) {
            client.text("{\"rtmp_url\":\"rtmp://127.0.0.1:1/live\",\"stream_key\":\"alice-ws-key-123\"}");
            var started = client.awaitType("started", 5000);
            assertThat(client.messages().toString(), started, notNullValue());
            String id = started.path("session_id").asText();
            var streaming = stack.client("streaming");
            assertThat(streaming.get("/api/streaming/sessions/" + id, bob.token()).status(), is(403));
            assertThat(streaming.json("DELETE", "/api/streaming/sessions/" + id, "", bob.token()).status(), is(403));
            assertThat(streaming.get("/api/streaming/status", bob.token()).json().at("/data/sessions").size(), is(0));
            assertThat(streaming.get("/api/streaming/sessions/" + id, alice.token()).status(), is(200));
            assertThat(streaming.get("/api/streaming/sessions/" + id, alice.token()).text(), not(containsString("alice-ws-key-123")));
        }
        assertThat(stack.capturedBodies(), greaterThan(0));
    }
}
