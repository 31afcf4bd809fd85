package io.streamcream.login.preferences;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.streamcream.common.json.Json;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Preferences on both faces against a real server and database (H2 and PostgreSQL subclasses).
 */
abstract class PreferencesTests {

    final TestClient client;
    final TestEnvironment env;

    PreferencesTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
    }

    static void assertError(HttpReply reply, int status, String message) {
        assertThat(reply.toString(), reply.status(), is(status));
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean(), is(false));
        assertThat(body.get("code").asInt(), is(status));
        assertThat(body.get("message").asText(), containsString(message));
        assertThat(reply.header("Content-Type").orElse(""), startsWith("application/json"));
    }

    static List<String> errorFields(HttpReply reply) {
        List<String> fields = new ArrayList<>();
        reply.json().at("/data/errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    HttpReply patch(String token, Object body) {
        return client.json("PATCH", "/api/preferences", body, token);
    }

    String storedDocument(long userId) {
        return env.db().get("SELECT preferences FROM user_settings WHERE user_id = ?", userId).orElseThrow()
                .column("preferences").get(String.class);
    }

    @Test
    void newUserGetsTheDefaultsOnBothFacesWithoutStoringThem() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_new");
        HttpReply reply = client.get("/api/preferences", user.token());
        assertThat(reply.toString(), reply.status(), is(200));
        JsonNode body = reply.json();
        // Canonical face: the envelope with the preferences in data.
        assertThat(body.get("success").asBoolean(), is(true));
        assertThat(body.get("code").asInt(), is(200));
        assertThat(body.get("timestamp").asText(), startsWith("20"));
        assertThat(body.at("/data/debugMode").isBoolean(), is(true));
        assertThat(body.at("/data/debugMode").asBoolean(), is(false));
        assertThat(body.get("data").size(), is(1));
        // Compatible face: the original frontend reads the preference keys at the top level.
        assertThat(body.get("debugMode").asBoolean(), is(false));
        assertThat(env.db().get("SELECT COUNT(*) AS n FROM user_settings WHERE user_id = ?", user.id()).orElseThrow()
                .column("n").get(Number.class).intValue(), is(0));
    }

    @Test
    void compatiblePostMergesAndAnswersSuccessOnly() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_compat");
        HttpReply first = client.post("/api/preferences", Map.of("rtmp_url", "rtmp://live.example.com/app", "stream_key", "live_123"),
                user.token());
        assertThat(first.toString(), first.status(), is(200));
        assertThat(first.json(), is(Json.parse("{\"success\":true}")));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("debugMode", true);
        settings.put("bannerColor", "#ff88aa");
        settings.put("resolution", "1920x1080");
        settings.put("aiSettings", Map.of("provider", "https://api.example.com/v1/chat/completions", "customProvider", "",
                "apiKey", "sk-test", "modelName", "gpt-4o", "temperature", 0.7, "maxTokens", 1000));
        HttpReply second = client.post("/api/preferences", settings, user.token());
        assertThat(second.json(), is(Json.parse("{\"success\":true}")));

        JsonNode body = client.get("/api/preferences", user.token()).json();
        for (JsonNode view : List.of(body, body.get("data"))) {
            assertThat(view.get("rtmp_url").asText(), is("rtmp://live.example.com/app"));
            assertThat(view.get("stream_key").asText(), is("live_123"));
            assertThat(view.get("debugMode").asBoolean(), is(true));
            assertThat(view.get("bannerColor").asText(), is("#ff88aa"));
            assertThat(view.get("resolution").asText(), is("1920x1080"));
            assertThat(view.at("/aiSettings/apiKey").asText(), is("sk-test"));
            assertThat(view.at("/aiSettings/maxTokens").asInt(), is(1000));
        }
    }

    @Test
    void putReplacesPatchMergesShallowlyAndNullRemoves() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_put");
        HttpReply put = client.json("PUT", "/api/preferences",
                Map.of("bannerColor", "blue", "aiSettings", Map.of("modelName", "m1", "temperature", 1)), user.token());
        assertThat(put.toString(), put.status(), is(200));
        assertThat(put.json().at("/data/bannerColor").asText(), is("blue"));
        assertThat(put.json().at("/data/debugMode").asBoolean(), is(false));

        HttpReply merged = patch(user.token(), Map.of("aiSettings", Map.of("modelName", "m2"), "debugMode", true));
        assertThat(merged.toString(), merged.status(), is(200));
        JsonNode data = merged.json().get("data");
        assertThat(data.get("bannerColor").asText(), is("blue"));
        assertThat(data.get("debugMode").asBoolean(), is(true));
        // Shallow: aiSettings is replaced as a whole.
        assertThat(data.get("aiSettings"), is(Json.parse("{\"modelName\":\"m2\"}")));

        HttpReply removed = patch(user.token(), "{\"bannerColor\":null}");
        assertThat(removed.json().get("data").has("bannerColor"), is(false));

        HttpReply replaced = client.json("PUT", "/api/preferences", Map.of("theme", "dark"), user.token());
        assertThat(replaced.json().get("data"), is(Json.parse("{\"theme\":\"dark\",\"debugMode\":false}")));

        assertError(client.send(client.request("/api/preferences").header("Authorization", "Bearer " + user.token())
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build()), 400, "请求体不能为空");
    }

    @Test
    void resetClearsOnBothFaces() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_reset");
        patch(user.token(), Map.of("bannerColor", "red", "debugMode", true));
        HttpReply reset = client.post("/api/preferences/reset", "", user.token());
        assertThat(reset.toString(), reset.status(), is(200));
        assertThat(reset.json().get("data"), is(Json.parse("{\"debugMode\":false}")));
        assertThat(storedDocument(user.id()), is("{}"));

        patch(user.token(), Map.of("bannerColor", "green"));
        HttpReply compat = client.post("/api/reset-preferences", "", user.token());
        assertThat(compat.json(), is(Json.parse("{\"success\":true}")));
        assertThat(client.get("/api/preferences", user.token()).json().get("data"), is(Json.parse("{\"debugMode\":false}")));
    }

    @Test
    void everyTypedFieldIsValidatedWithItsPath() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_rules");
        String deep = "{\"deep\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{}}}}}}}}}";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"debugMode\":\"yes\"}", "debugMode");
        cases.put("{\"bannerColor\":5}", "bannerColor");
        cases.put("{\"bannerColor\":\"" + "x".repeat(300) + "\"}", "bannerColor");
        cases.put("{\"aiSettings\":\"openai\"}", "aiSettings");
        cases.put("{\"aiSettings\":{\"provider\":\"ftp://example.com/x\"}}", "aiSettings.provider");
        cases.put("{\"aiSettings\":{\"provider\":\"not a url\"}}", "aiSettings.provider");
        cases.put("{\"aiSettings\":{\"provider\":\"https://user:pw@example.com/\"}}", "aiSettings.provider");
        cases.put("{\"aiSettings\":{\"apiKey\":123}}", "aiSettings.apiKey");
        cases.put("{\"aiSettings\":{\"modelName\":true}}", "aiSettings.modelName");
        cases.put("{\"aiSettings\":{\"customProvider\":7}}", "aiSettings.customProvider");
        cases.put("{\"aiSettings\":{\"temperature\":2.5}}", "aiSettings.temperature");
        cases.put("{\"aiSettings\":{\"temperature\":-0.1}}", "aiSettings.temperature");
        cases.put("{\"aiSettings\":{\"temperature\":\"0.7\"}}", "aiSettings.temperature");
        cases.put("{\"aiSettings\":{\"maxTokens\":0}}", "aiSettings.maxTokens");
        cases.put("{\"aiSettings\":{\"maxTokens\":200001}}", "aiSettings.maxTokens");
        cases.put("{\"aiSettings\":{\"maxTokens\":1.5}}", "aiSettings.maxTokens");
        cases.put("{\"aiSettings\":{\"maxTokens\":\"100\"}}", "aiSettings.maxTokens");
        cases.put("{\"liveSettings\":[]}", "liveSettings");
        cases.put("{\"liveSettings\":{\"resolution\":\"1920*1080\"}}", "liveSettings.resolution");
        cases.put("{\"liveSettings\":{\"resolution\":\"99999x5\"}}", "liveSettings.resolution");
        cases.put("{\"liveSettings\":{\"fps\":29}}", "liveSettings.fps");
        cases.put("{\"liveSettings\":{\"fps\":\"61\"}}", "liveSettings.fps");
        cases.put("{\"liveSettings\":{\"fps\":true}}", "liveSettings.fps");
        cases.put("{\"liveSettings\":{\"bgPreference\":1}}", "liveSettings.bgPreference");
        cases.put("{\"liveSettings\":{\"platformPreference\":[]}}", "liveSettings.platformPreference");
        cases.put("{\"rtmp_url\":1}", "rtmp_url");
        cases.put("{\"stream_key\":false}", "stream_key");
        cases.put("{\"resolution\":\"big\"}", "resolution");
        cases.put("{\"customProvider\":1}", "customProvider");
        cases.put("{\"revolutionPreference\":1080}", "revolutionPreference");
        cases.put("{\"fpsPreference\":\"45\"}", "fpsPreference");
        cases.put("{\"bgPreference\":{}}", "bgPreference");
        cases.put("{\"platformPreference\":2}", "platformPreference");
        cases.put("{\"streamDomain\":2}", "streamDomain");
        cases.put("{\"streamKey\":{}}", "streamKey");
        cases.put("{\"live2dSettings\":\"x\"}", "live2dSettings");
        cases.put("{\"live2dSettings\":{\"scale\":-1}}", "live2dSettings.scale");
        cases.put("{\"live2dSettings\":{\"x\":\"1\"}}", "live2dSettings.x");
        cases.put("{\"live2dSettings\":{\"y\":1e9}}", "live2dSettings.y");
        cases.put("{\"" + "k".repeat(200) + "\":1}", "k".repeat(200));
        cases.put(deep, "deep.a.b.c.d.e.f.g");
        cases.put("{\"list\":[[[[[[[[1]]]]]]]]}", "list[0][0][0][0][0][0][0]");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpReply reply = patch(user.token(), c.getKey());
            assertThat(c.getKey(), reply.status(), is(400));
            assertThat(c.getKey(), errorFields(reply), hasItem(c.getValue()));
            assertThat(reply.json().get("message").asText(), containsString(c.getValue()));
        }
        // The same rules on PUT and on the compatible POST.
        assertThat(errorFields(client.json("PUT", "/api/preferences", "{\"debugMode\":1}", user.token())), hasItem("debugMode"));
        HttpReply compat = client.post("/api/preferences", "{\"aiSettings\":{\"temperature\":3}}", user.token());
        assertError(compat, 400, "aiSettings.temperature");
        // Several violations are reported together.
        HttpReply many = patch(user.token(), "{\"debugMode\":1,\"aiSettings\":{\"maxTokens\":0,\"temperature\":9}}");
        assertThat(errorFields(many), is(List.of("debugMode", "aiSettings.temperature", "aiSettings.maxTokens")));
        // Nothing was stored by any rejected write.
        assertThat(client.get("/api/preferences", user.token()).json().get("data"), is(Json.parse("{\"debugMode\":false}")));
    }

    @Test
    void validValuesOfEveryTypedFieldAreAccepted() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_valid");
        String document = """
                {"debugMode": true, "bannerColor": "default",
                 "aiSettings": {"provider": "https://api.openai.com/v1/chat/completions", "apiKey": "sk-...",
                                "modelName": "gpt-4o", "temperature": 0.7, "maxTokens": 1000.0, "customProvider": ""},
                 "liveSettings": {"resolution": "1920x1080", "fps": "30", "bgPreference": "default",
                                  "platformPreference": "bilibili"},
                 "rtmp_url": "rtmp://live-push.bilivideo.com/live-bvc/", "stream_key": "", "resolution": "",
                 "customProvider": "http://localhost:8000/v1", "revolutionPreference": "1280x720",
                 "fpsPreference": 60, "bgPreference": "default", "platformPreference": "douyin",
                 "streamDomain": "rtmp://push.example.com", "streamKey": "abc",
                 "live2dSettings": {"x": -12.5, "y": 40, "scale": 0.8, "rotation": 3}}""";
        HttpReply reply = client.json("PUT", "/api/preferences", document, user.token());
        assertThat(reply.toString(), reply.status(), is(200));
        JsonNode expected = Json.parse(document);
        assertThat(reply.json().get("data"), is(expected));
        assertThat(client.get("/api/preferences", user.token()).json().get("data"), is(expected));
    }

    @Test
    void unknownKeysAreKeptButTheDocumentIsCapped() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_cap");
        HttpReply kept = patch(user.token(), "{\"custom\":{\"nested\":[1,2,{\"x\":\"y\"}]},\"theme\":\"dark\"}");
        assertThat(kept.toString(), kept.status(), is(200));
        JsonNode data = client.get("/api/preferences", user.token()).json().get("data");
        assertThat(data.get("custom"), is(Json.parse("{\"nested\":[1,2,{\"x\":\"y\"}]}")));
        assertThat(data.get("theme").asText(), is("dark"));

        assertError(patch(user.token(), Map.of("blob", "x".repeat(70_000))), 413, "");
        assertThat(patch(user.token(), Map.of("a", "x".repeat(40_000))).status(), is(200));
        // Each patch is small enough, but the merged document would not be.
        assertError(patch(user.token(), Map.of("b", "y".repeat(40_000))), 413, "偏好设置过大");
        JsonNode after = client.get("/api/preferences", user.token()).json().get("data");
        assertThat(after.has("a"), is(true));
        assertThat(after.has("b"), is(false));
        assertError(client.json("PUT", "/api/preferences", Map.of("c", "z".repeat(65_600)), user.token()), 413, "");
    }

    @Test
    void secretsAreEncryptedAtRestAndOnlyTheOwnerReadsThemInClear() {
        TestAccounts.SignedIn owner = TestAccounts.create(env, "pref_secret");
        TestAccounts.SignedIn other = TestAccounts.create(env, "pref_other");
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("aiSettings", Map.of("apiKey", "sk-live-SECRET-0001", "modelName", "m"));
        secrets.put("stream_key", "live_SECRET_0002");
        secrets.put("streamKey", "SECRET-0003");
        secrets.put("liveSettings", Map.of("streamKey", "SECRET-0004", "fps", 30));
        assertThat(patch(owner.token(), secrets).status(), is(200));

        String stored = storedDocument(owner.id());
        for (String secret : List.of("sk-live-SECRET-0001", "live_SECRET_0002", "SECRET-0003", "SECRET-0004", "SECRET")) {
            assertThat(stored, not(containsString(secret)));
        }
        assertThat(stored, containsString("\"v1:"));
        assertThat(stored, containsString("\"modelName\":\"m\""));

        JsonNode clear = client.get("/api/preferences", owner.token()).json();
        assertThat(clear.at("/data/aiSettings/apiKey").asText(), is("sk-live-SECRET-0001"));
        assertThat(clear.at("/aiSettings/apiKey").asText(), is("sk-live-SECRET-0001"));
        assertThat(clear.at("/data/stream_key").asText(), is("live_SECRET_0002"));
        assertThat(clear.at("/data/streamKey").asText(), is("SECRET-0003"));
        assertThat(clear.at("/data/liveSettings/streamKey").asText(), is("SECRET-0004"));

        // Another user never sees them, not even by copying the ciphertext into their own row:
        // each value is bound to its owner.
        assertThat(client.get("/api/preferences", other.token()).text(), not(containsString("SECRET")));
        patch(other.token(), Map.of("theme", "x"));
        env.db().update("UPDATE user_settings SET preferences = ? WHERE user_id = ?", stored, other.id());
        JsonNode stolen = client.get("/api/preferences", other.token()).json();
        assertThat(stolen.toString(), not(containsString("SECRET")));
        assertThat(stolen.at("/data/aiSettings/modelName").asText(), is("m"));
        assertThat(stolen.at("/data/aiSettings").has("apiKey"), is(false));
    }

    @Test
    void aMergeThatLeavesASecretAloneKeepsItsCiphertextAndAChangedSecretIsSealedAgain() {
        TestAccounts.SignedIn owner = TestAccounts.create(env, "pref_reseal");
        assertThat(patch(owner.token(), Map.of("aiSettings", Map.of("apiKey", "sk-first", "modelName", "m"),
                "stream_key", "key-one")).status(), is(200));
        JsonNode before = Json.parse(storedDocument(owner.id()));
        assertThat(patch(owner.token(), Map.of("bannerColor", "red")).status(), is(200));
        JsonNode untouched = Json.parse(storedDocument(owner.id()));
        assertThat(untouched.at("/aiSettings/apiKey"), is(before.at("/aiSettings/apiKey")));
        assertThat(untouched.at("/stream_key"), is(before.at("/stream_key")));
        assertThat(untouched.at("/bannerColor").asText(), is("red"));

        // The same clear value written again under a new parent object is still the same value.
        assertThat(patch(owner.token(), Map.of("aiSettings", Map.of("apiKey", "sk-first", "modelName", "n"))).status(),
                is(200));
        assertThat(Json.parse(storedDocument(owner.id())).at("/aiSettings/apiKey"), is(before.at("/aiSettings/apiKey")));

        assertThat(patch(owner.token(), Map.of("aiSettings", Map.of("apiKey", "sk-second"))).status(), is(200));
        JsonNode changed = Json.parse(storedDocument(owner.id()));
        assertThat(changed.at("/aiSettings/apiKey").asText(), startsWith("v1:"));
        assertThat(changed.at("/aiSettings/apiKey"), not(before.at("/aiSettings/apiKey")));
        assertThat(changed.toString(), not(containsString("sk-second")));
        assertThat(client.get("/api/preferences", owner.token()).json().at("/data/aiSettings/apiKey").asText(),
                is("sk-second"));
        assertThat(client.get("/api/preferences", owner.token()).json().at("/data/stream_key").asText(), is("key-one"));
    }

    @Test
    void parallelMergesOfDistinctKeysAllSurvive() throws Exception {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_race");
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<HttpReply>> replies = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                replies.add(pool.submit(() -> n % 2 == 0
                        ? patch(user.token(), Map.of("key" + n, n))
                        : client.post("/api/preferences", Map.of("key" + n, n), user.token())));
            }
            for (Future<HttpReply> reply : replies) {
                assertThat(reply.get().toString(), reply.get().status(), is(200));
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode data = client.get("/api/preferences", user.token()).json().get("data");
        for (int i = 0; i < writers; i++) {
            assertThat("key" + i, data.path("key" + i).asInt(-1), is(i));
        }
        long version = env.db().get("SELECT version FROM user_settings WHERE user_id = ?", user.id()).orElseThrow()
                .column("version").get(Number.class).longValue();
        assertThat(version, is((long) writers));
    }

    @Test
    void everyRouteNeedsAValidTokenAndUsersAreIsolated() {
        for (String[] route : new String[][] {{"GET", "/api/preferences"}, {"PUT", "/api/preferences"},
                {"PATCH", "/api/preferences"}, {"POST", "/api/preferences"}, {"POST", "/api/preferences/reset"},
                {"POST", "/api/reset-preferences"}}) {
            assertError(client.json(route[0], route[1], "{}", null), 401, "未提供令牌");
            assertError(client.json(route[0], route[1], "{}", "not.a.token"), 401, "无效令牌");
        }
        TestAccounts.SignedIn alice = TestAccounts.create(env, "pref_alice");
        TestAccounts.SignedIn bob = TestAccounts.create(env, "pref_bob");
        patch(alice.token(), Map.of("bannerColor", "alice-pink"));
        assertThat(client.get("/api/preferences", bob.token()).text(), not(containsString("alice-pink")));
        client.post("/api/reset-preferences", "", bob.token());
        assertThat(client.get("/api/preferences", alice.token()).json().at("/data/bannerColor").asText(), is("alice-pink"));
    }

    @Test
    void malformedBodiesAreClear4xx() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "pref_bad");
        assertError(patch(user.token(), "[1,2]"), 400, "JSON对象");
        assertError(patch(user.token(), "{\"a\":"), 400, "JSON");
        assertError(client.post("/api/preferences", "\"text\"", user.token()), 400, "JSON对象");
        assertError(client.send(client.request("/api/preferences").header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "text/html").method("PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build()), 415, "application/json");
        HttpReply delete = client.json("DELETE", "/api/preferences", "", user.token());
        assertError(delete, 405, "GET");
        assertThat(delete.header("Allow").orElse(""), containsString("PATCH"));
    }
}
