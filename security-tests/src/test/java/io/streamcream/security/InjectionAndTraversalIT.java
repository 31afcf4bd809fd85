package io.streamcream.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** SQL injection in every string field of the JSON routes; path traversal on every file, weights, reference and RTMP route. */
class InjectionAndTraversalIT {

    static final String CANARY = "CANARY-6d1f0b7e-never-served";
    static final List<String> SQL = List.of(
            "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE users; --", "\" OR \"\"=\"", "admin'--",
            "' UNION SELECT password_hash, email FROM users --", "1; SELECT pg_sleep(5) --", "1' AND SLEEP(5)#",
            "%' AND 1=0 UNION SELECT NULL, NULL --", "\\'; DELETE FROM user_settings; --", "ʼ OR 1=1 --",
            "'||(SELECT version())||'", "1) OR (1=1", "'; UPDATE users SET email_verified=FALSE; --");
    static final List<String> SQL_ERRORS = List.of("SQLException", "syntax error", "org.h2", "PSQLException",
            "JdbcSQL", "org.postgresql", "password_hash", "PostgreSQL", "Exception");

    static Stack stack;
    static Stack.User owner;
    static Path canary;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(TestDatabase.H2, Map.of(), true);
        owner = stack.signUp("owner", "owner-password-123");
        canary = stack.env.dataDir().resolve("canary.txt");
        Files.writeString(canary, CANARY);
        Files.writeString(stack.env.dataDir().resolve("userdatas/canary.txt"), CANARY);
        Files.writeString(stack.env.dataDir().resolve("userdatas/tts/canary.wav"), CANARY);
    }

    @AfterAll
    static void stop() {
        stack.assertNoSecrets(List.of(TestEnvironment.JWT_SECRET, owner.token(), owner.password()));
        stack.close();
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(base);
        body.put(field, value);
        return body;
    }

    @Test
    void sqlInjectionInEveryStringFieldIsHarmless() {
        Stack.User victim = stack.user("victim");
        long streamId = stack.client("login").post("/api/streams", Map.of("title", "t"), victim.token()).json().at("/data/id").asLong();
        long usersBefore = count("users");
        // service, method, path, token, base body; every top-level string field is replaced in turn.
        List<Object[]> routes = new ArrayList<>();
        Map<String, Object> account = Map.of("username", "sqli_user", "email", "sqli@example.com", "password", "sqli-password-1",
                "code", "123456", "new_password", "new-password-123", "current_password", "owner-password-123", "token", "x");
        for (String path : List.of("/api/auth/register", "/api/register", "/api/auth/login", "/api/login",
                "/api/auth/verify-email", "/api/verify-email", "/api/auth/resend-verification", "/api/auth/forgot-password",
                "/api/auth/verify-reset-code", "/api/auth/reset-password", "/api/reset-password", "/api/auth/verify-token")) {
            routes.add(new Object[] {"login", "POST", path, null, account});
        }
        routes.add(new Object[] {"login", "PUT", "/api/users/me", victim.token(),
                Map.of("username", "victim_x", "current_password", "x-password-1", "new_password", "y-password-1", "email", "v@example.com")});
        routes.add(new Object[] {"login", "PATCH", "/api/preferences", victim.token(), Map.of("nickname", "n", "theme", "dark")});
        routes.add(new Object[] {"login", "POST", "/api/streams", victim.token(), Map.of("title", "t", "description", "d", "stream_key", "key-12345678")});
        routes.add(new Object[] {"login", "PATCH", "/api/streams/" + streamId, victim.token(), Map.of("title", "t", "description", "d")});
        routes.add(new Object[] {"tts", "POST", "/api/tts/generate-speech", victim.token(), Map.of("topic", "t", "style", "s", "language", "zh")});
        routes.add(new Object[] {"tts", "POST", "/api/tts/synthesize", victim.token(), Map.of("text", "你好", "voice", "tiny", "language", "zh")});
        routes.add(new Object[] {"tts", "POST", "/api/tts/mouth-timeline", victim.token(), Map.of("text", "你好", "audio_url", "/api/tts/audio/x.wav")});
        routes.add(new Object[] {"sovits", "POST", "/gpt-sovits/tts", null, Map.of("text", "你好", "text_lang", "zh", "ref_audio_path", "参考音频/参考音频.wav", "prompt_lang", "zh")});
        routes.add(new Object[] {"sovits", "POST", "/tts", null, Map.of("text", "你好", "text_lang", "zh", "ref_audio_path", "参考音频/参考音频.wav", "prompt_lang", "zh", "prompt_text", "p")});
        int sent = 0;
        for (Object[] route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> base = (Map<String, Object>) route[4];
            for (String field : base.keySet()) {
                for (String payload : SQL) {
                    long begin = System.nanoTime();
                    HttpReply reply = stack.client((String) route[0]).json((String) route[1], (String) route[2],
                            with(base, field, payload), (String) route[3]);
                    sent++;
                    String where = route[2] + " " + field + "=" + payload + " -> " + reply;
                    assertThat(where, reply.status(), lessThan(500));
                    assertThat(where, (System.nanoTime() - begin) / 1e9, lessThan(4.0));
                    String quoted = io.streamcream.common.json.Json.text(payload);
                    String answer = reply.text().toLowerCase(java.util.Locale.ROOT)
                            .replace(quoted.substring(1, quoted.length() - 1).toLowerCase(java.util.Locale.ROOT), "")
                            .replace(payload.toLowerCase(java.util.Locale.ROOT), "");
                    for (String marker : SQL_ERRORS) {
                        assertThat(where, answer, not(containsString(marker.toLowerCase(java.util.Locale.ROOT))));
                    }
                    assertThat(where, answer, not(containsString("$argon2")));
                }
            }
        }
        for (String payload : SQL) {
            String encoded = URLEncoder.encode(payload, StandardCharsets.UTF_8);
            assertThat(payload, stack.client("login").get("/api/users/" + encoded, victim.token()).status(), lessThan(500));
            assertThat(payload, stack.client("login").get("/api/streams/" + encoded, victim.token()).status(), lessThan(500));
            assertThat(payload, stack.client("login").get("/api/get-background?name=" + encoded, victim.token()).status(), lessThan(500));
            sent += 3;
        }
        assertThat(sent, greaterThanOrEqualTo(500));
        // Nothing leaked, nothing changed: same users, the owner still logs in, the verification flags stand.
        assertThat(count("users"), is(usersBefore));
        HttpReply login = stack.client("login").post("/api/auth/login", Map.of("username", owner.name(), "password", owner.password()));
        assertThat(login.toString(), login.status(), is(200));
        assertThat(login.json().at("/data/user/email_verified").asBoolean(), is(true));
        assertThat(stack.client("login").post("/api/auth/login", Map.of("username", owner.name() + "' --", "password", "x")).status(),
                anyOf(is(400), is(401)));
        assertThat(stack.client("login").get("/api/streams/" + streamId, victim.token()).status(), is(200));
    }

    private long count(String table) {
        // The register payloads that put SQL only in the password create the one legitimate user "sqli_user".
        return stack.env.db().get("SELECT COUNT(*) AS n FROM " + table + " WHERE username_key <> 'sqli_user'").orElseThrow().column("n").get(Number.class).longValue();
    }

    /** Ways to write a path that leaves its folder, up to {@code depth} levels, towards {@code target}. */
    static List<String> escapes(String target) {
        List<String> paths = new ArrayList<>();
        for (int depth = 1; depth <= 6; depth++) {
            String up = "../".repeat(depth);
            paths.add(up + target);
            paths.add(up.replace("../", "..%2f") + target);
            paths.add(up.replace("../", "%2e%2e%2f") + target);
            paths.add(up.replace("../", "%2e%2e/") + target);
            paths.add(up.replace("../", "..%252f") + target);
            paths.add(up.replace("../", "%252e%252e%252f") + target);
            paths.add(up.replace("../", "..%5c") + target);
            paths.add(up.replace("../", "..%255c") + target);
            paths.add(up.replace("../", "....//") + target);
            paths.add(up.replace("../", "..%c0%af") + target);
        }
        paths.add("%2fetc%2fpasswd");
        paths.add("%252fetc%252fpasswd");
        paths.add("C:%5cWindows%5cwin.ini");
        paths.add("%00..%2f..%2fcanary.txt");
        paths.add("canary.txt%00.png");
        return paths;
    }

    private static void assertHarmless(String where, HttpReply reply) {
        assertThat(where + " -> " + reply, reply.status(), lessThan(500));
        assertThat(where, reply.text(), not(containsString(CANARY)));
        assertThat(where, reply.text(), not(containsString("root:x:0:0")));
        if (reply.status() == 200 && reply.header("Content-Type").orElse("").startsWith("application/json")) {
            assertThat(where, reply.text(), not(containsString("/etc/")));
        }
    }

    @Test
    void pathTraversalOnEveryFileRouteIsRefused() throws Exception {
        String absolute = canary.toAbsolutePath().toString();
        List<String> escapes = new ArrayList<>(escapes("canary.txt"));
        escapes.addAll(escapes("etc/passwd"));
        escapes.add(URLEncoder.encode(absolute, StandardCharsets.UTF_8));
        escapes.add(absolute.replace("/", "%5c"));
        Map<String, List<String>> routes = new HashMap<>();
        routes.put("login", List.of("GET /api/files/backgrounds/", "DELETE /api/files/backgrounds/", "GET /api/get-background?name="));
        routes.put("tts", List.of("GET /api/tts/audio/", "GET /static/audio/", "DELETE /api/tts/audio/", "DELETE /delete-audio/",
                "POST /api/tts/mouth-timeline#audio_url"));
        routes.put("sovits", List.of("GET /gpt-sovits/audio/", "GET /set_refer_audio?refer_audio_path=",
                "GET /set_gpt_weights?weights_path=", "GET /set_sovits_weights?weights_path=", "GET /set_model_pair?pair=",
                "GET /tts?text=%E4%BD%A0%E5%A5%BD&text_lang=zh&prompt_lang=zh&ref_audio_path=",
                "POST /gpt-sovits/tts#ref_audio_path", "POST /tts#ref_audio_path"));
        int sent = 0;
        for (Map.Entry<String, List<String>> service : routes.entrySet()) {
            Stack.Client client = stack.client(service.getKey());
            for (String route : service.getValue()) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1);
                for (String escape : escapes) {
                    HttpReply reply;
                    if (path.contains("#")) {
                        String field = path.substring(path.indexOf('#') + 1);
                        String decoded = java.net.URLDecoder.decode(escape.replace("%00", "").replace("+", "%2b"), StandardCharsets.UTF_8);
                        Map<String, Object> body = new HashMap<>(Map.of("text", "你好", "text_lang", "zh", "prompt_lang", "zh",
                                "ref_audio_path", "参考音频/参考音频.wav"));
                        body.put(field, decoded.startsWith("/api") ? decoded : "/api/tts/audio/" + decoded);
                        if (field.equals("ref_audio_path")) {
                            body.put(field, decoded);
                        }
                        reply = client.json(method, path.substring(0, path.indexOf('#')), body, owner.token());
                    } else {
                        reply = client.send(client.raw(path + escape).header("Authorization", "Bearer " + owner.token())
                                .method(method, HttpRequest.BodyPublishers.noBody()).build());
                    }
                    sent++;
                    assertHarmless(service.getKey() + " " + route + escape, reply);
                    if (reply.status() == 200 && method.equals("GET") && !path.contains("?")) {
                        assertThat(route + escape, reply.header("Content-Type").orElse(""), anyOf(startsWith("image/"), startsWith("audio/")));
                    }
                }
            }
        }
        assertThat(sent, greaterThanOrEqualTo(1000));
        assertThat(Files.readString(canary), is(CANARY));
        assertThat(Files.exists(stack.env.dataDir().resolve("userdatas/tts/canary.wav")), is(true));
        // The weights and reference actually in use are still the installed ones.
        HttpReply status = stack.client("sovits").get("/get_current_status", null);
        assertThat(status.toString(), status.text(), not(containsString("canary")));
        assertThat(status.text(), not(containsString("passwd")));
    }

    @Test
    void uploadedReferenceNamesCannotLeaveTheirFolder() throws Exception {
        short[] samples = new short[32000 * 4];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(i / 10.0));
        }
        byte[] wav = Stack.wav(32000, samples);
        Path root = stack.env.dataDir();
        for (String name : List.of("../../evil.wav", "..\\..\\evil.wav", "/tmp/evil.wav", "%2e%2e%2fevil.wav",
                "....//evil.wav", "ok/../../evil.wav", "C:\\evil.wav", "evil.wav\u0000.txt")) {
            HttpReply reply = stack.client("sovits").upload("/upload_ref_audio", name, "audio/wav", wav, null);
            assertThat(name + " -> " + reply, reply.status(), lessThan(500));
            assertThat(Files.exists(root.resolve("evil.wav")), is(false));
            assertThat(Files.exists(root.resolve("userdatas/evil.wav")), is(false));
            assertThat(Files.exists(Path.of("/tmp/evil.wav")), is(false));
            if (reply.status() == 200) {
                String stored = reply.json().path("filename").asText(reply.json().at("/data/filename").asText());
                assertThat(reply.toString(), stored, not(containsString("..")));
                assertThat(reply.toString(), stored, not(containsString("/")));
                assertThat(reply.toString(), stored, not(containsString("\\")));
            }
        }
    }

    @Test
    void rtmpUrlsOutsideRtmpAreRefusedBeforeFfmpeg() throws Exception {
        Stack.User streamer = stack.user("streamer");
        URI ws = URI.create("ws://127.0.0.1:" + stack.launcher.port("streaming") + "/");
        for (String url : List.of("file:///etc/passwd", "file:" + canary.toAbsolutePath(), "concat:/etc/passwd|/etc/hosts",
                "pipe:1", "subfile,,start,0,end,100,,:/etc/passwd", "http://127.0.0.1:1/x", "tcp://127.0.0.1:1",
                "/tmp/out.flv", "../../out.flv", "rtmp://127.0.0.1:1/live\n-f", "rtmp:/etc/passwd", "data:text/plain,x",
                "gopher://127.0.0.1:1/")) {
            try (Ws client = Ws.connect(ws, streamer.token())) {
                client.text(io.streamcream.common.json.Json.text(Map.of("rtmp_url", url, "stream_key", "key-1234567")));
                var refused = client.await(m -> "error".equals(m.path("type").asText()) || m.path("success").isBoolean(), 5000);
                assertThat(url + " " + client.messages(), client.awaitType("started", 200), nullValue());
                assertThat(url + " " + client.messages(), refused == null && !client.awaitClose(2000), is(false));
            }
        }
        assertThat(Files.exists(Path.of("/tmp/out.flv")), is(false));
        assertThat(Files.readString(canary), is(CANARY));
    }
}
