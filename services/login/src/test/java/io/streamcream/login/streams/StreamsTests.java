package io.streamcream.login.streams;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.streams.JdbcStreamRecords;
import io.streamcream.common.streams.StreamKeys;
import io.streamcream.common.streams.StreamRecords;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.login.preferences.TestAccounts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** {@code /api/streams} end to end (H2 and PostgreSQL subclasses). */
abstract class StreamsTests {

    final TestClient client;
    final TestEnvironment env;
    final StreamRecords records;

    StreamsTests(URI uri, TestEnvironment env) {
        this.client = new TestClient(uri);
        this.env = env;
        // The streaming service's view of the same rows, with the same key as the login service.
        this.records = new JdbcStreamRecords(env.platform().database(),
                new StreamKeys(SecretCipher.create(env.platform().config(), env.platform().secrets())));
    }

    static void assertError(HttpReply reply, int status, String message) {
        assertThat(reply.toString(), reply.status(), is(status));
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean(), is(false));
        assertThat(body.get("code").asInt(), is(status));
        assertThat(body.get("message").asText(), containsString(message));
    }

    static List<String> errorFields(HttpReply reply) {
        List<String> fields = new ArrayList<>();
        reply.json().at("/data/errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    JsonNode create(String token, Map<String, Object> body) {
        HttpReply reply = client.post("/api/streams", body, token);
        assertThat(reply.toString(), reply.status(), is(201));
        return reply.json().get("data");
    }

    @Test
    void createGeneratesAnEncryptedKeyAndAnswersTheStreamModel() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "st_create");
        HttpReply reply = client.post("/api/streams", Map.of("title", "  First stream ", "description", "hello"), user.token());
        assertThat(reply.toString(), reply.status(), is(201));
        assertThat(reply.json().get("code").asInt(), is(201));
        JsonNode stream = reply.json().get("data");
        assertThat(stream.get("id").asLong() > 0, is(true));
        assertThat(stream.get("user_id").asLong(), is(user.id()));
        assertThat(stream.get("title").asText(), is("First stream"));
        assertThat(stream.get("description").asText(), is("hello"));
        String key = stream.get("stream_key").asText();
        assertThat(key, matchesPattern("sc_[0-9a-f]{40}"));
        assertThat(stream.get("is_live").asBoolean(), is(false));
        assertThat(stream.get("start_time").isNull(), is(true));
        assertThat(stream.get("end_time").isNull(), is(true));
        assertThat(stream.get("created_at").asText(), endsWith("Z"));

        var row = env.db().get("SELECT stream_key_enc, stream_key_hash FROM streams WHERE id = ?", stream.get("id").asLong())
                .orElseThrow();
        String encrypted = row.column("stream_key_enc").get(String.class);
        assertThat(encrypted, startsWith("v1:"));
        assertThat(encrypted, not(containsString(key.substring(3))));
        assertThat(row.column("stream_key_hash").get(String.class), matchesPattern("[0-9a-f]{64}"));

        JsonNode noDescription = create(user.token(), Map.of("title", "Second"));
        assertThat(noDescription.get("description").isNull(), is(true));
    }

    @Test
    void listGetPatchAndDeleteTheOwnersRecords() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "st_crud");
        JsonNode first = create(user.token(), Map.of("title", "one"));
        JsonNode second = create(user.token(), Map.of("title", "two", "stream_key", "?streamname=live_1&key=abc"));
        assertThat(second.get("stream_key").asText(), is("?streamname=live_1&key=abc"));

        HttpReply list = client.get("/api/streams", user.token());
        assertThat(list.status(), is(200));
        List<String> titles = new ArrayList<>();
        list.json().get("data").forEach(item -> titles.add(item.get("title").asText()));
        assertThat(titles, is(List.of("two", "one")));
        assertThat(client.get("/api/streams/", user.token()).json().get("data").size(), is(2));

        long id = first.get("id").asLong();
        HttpReply got = client.get("/api/streams/" + id, user.token());
        assertThat(got.json().get("data"), is(first));

        HttpReply renamed = client.json("PATCH", "/api/streams/" + id, Map.of("title", "renamed", "description", "d"), user.token());
        assertThat(renamed.toString(), renamed.status(), is(200));
        assertThat(renamed.json().at("/data/title").asText(), is("renamed"));
        assertThat(renamed.json().at("/data/description").asText(), is("d"));
        assertThat(renamed.json().at("/data/stream_key").asText(), is(first.get("stream_key").asText()));

        HttpReply cleared = client.json("PATCH", "/api/streams/" + id, "{\"description\":null}", user.token());
        assertThat(cleared.json().at("/data/description").isNull(), is(true));
        assertThat(cleared.json().at("/data/title").asText(), is("renamed"));

        HttpReply given = client.json("PATCH", "/api/streams/" + id, Map.of("stream_key", "my-own-key-123"), user.token());
        assertThat(given.json().at("/data/stream_key").asText(), is("my-own-key-123"));
        HttpReply regenerated = client.json("PATCH", "/api/streams/" + id, Map.of("regenerate_key", true), user.token());
        String newKey = regenerated.json().at("/data/stream_key").asText();
        assertThat(newKey, matchesPattern("sc_[0-9a-f]{40}"));
        assertThat(records.findByKey("my-own-key-123").isPresent(), is(false));
        assertThat(records.findByKey(newKey).orElseThrow().id(), is(id));

        HttpReply deleted = client.json("DELETE", "/api/streams/" + id, "", user.token());
        assertThat(deleted.status(), is(200));
        assertThat(deleted.json().at("/data/id").asLong(), is(id));
        assertError(client.get("/api/streams/" + id, user.token()), 404, "推流记录不存在");
        assertError(client.json("DELETE", "/api/streams/" + id, "", user.token()), 404, "推流记录不存在");
        assertThat(client.get("/api/streams", user.token()).json().get("data").size(), is(1));
    }

    @Test
    void keysAreUniqueAcrossUsers() {
        TestAccounts.SignedIn alice = TestAccounts.create(env, "st_key_a");
        TestAccounts.SignedIn bob = TestAccounts.create(env, "st_key_b");
        String key = "shared-key-" + alice.id();
        create(alice.token(), Map.of("title", "a", "stream_key", key));
        assertError(client.post("/api/streams", Map.of("title", "b", "stream_key", key), bob.token()), 409, "已被使用");
        long other = create(bob.token(), Map.of("title", "b")).get("id").asLong();
        assertError(client.json("PATCH", "/api/streams/" + other, Map.of("stream_key", key), bob.token()), 409, "已被使用");
    }

    @Test
    void everyFieldIsValidated() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "st_rules");
        Map<String, String> createCases = new LinkedHashMap<>();
        createCases.put("{}", "title");
        createCases.put("{\"title\":\"   \"}", "title");
        createCases.put("{\"title\":\"" + "t".repeat(101) + "\"}", "title");
        createCases.put("{\"title\":[1]}", "title");
        createCases.put("{\"title\":\"ok\",\"description\":5}", "description");
        createCases.put("{\"title\":\"ok\",\"description\":\"" + "d".repeat(4001) + "\"}", "description");
        createCases.put("{\"title\":\"ok\",\"stream_key\":\"short\"}", "stream_key");
        createCases.put("{\"title\":\"ok\",\"stream_key\":\"has space inside\"}", "stream_key");
        createCases.put("{\"title\":\"ok\",\"stream_key\":\"../../etc/passwd\"}", "stream_key");
        createCases.put("{\"title\":\"ok\",\"stream_key\":12345678}", "stream_key");
        createCases.put("{\"title\":\"ok\",\"stream_key\":\"" + "k".repeat(257) + "\"}", "stream_key");
        createCases.put("{\"title\":\"ok\",\"is_live\":true}", "is_live");
        createCases.put("{\"title\":\"ok\",\"start_time\":\"2024-01-01T00:00:00Z\"}", "start_time");
        createCases.put("{\"title\":\"ok\",\"user_id\":1}", "user_id");
        createCases.put("{\"title\":\"ok\",\"colour\":\"red\"}", "colour");
        for (Map.Entry<String, String> c : createCases.entrySet()) {
            HttpReply reply = client.post("/api/streams", c.getKey(), user.token());
            assertThat(c.getKey(), reply.status(), is(400));
            assertThat(c.getKey(), errorFields(reply), hasItem(c.getValue()));
        }
        long id = create(user.token(), Map.of("title", "valid")).get("id").asLong();
        Map<String, String> patchCases = new LinkedHashMap<>();
        patchCases.put("{\"title\":\"\"}", "title");
        patchCases.put("{\"title\":\"" + "t".repeat(101) + "\"}", "title");
        patchCases.put("{\"description\":{}}", "description");
        patchCases.put("{\"stream_key\":\"tiny\"}", "stream_key");
        patchCases.put("{\"regenerate_key\":\"yes\"}", "regenerate_key");
        patchCases.put("{\"regenerate_key\":true,\"stream_key\":\"valid-key-123\"}", "regenerate_key");
        patchCases.put("{\"is_live\":true}", "is_live");
        patchCases.put("{\"end_time\":0}", "end_time");
        patchCases.put("{\"created_at\":0}", "created_at");
        patchCases.put("{\"id\":5}", "id");
        patchCases.put("{\"unknown\":1}", "unknown");
        for (Map.Entry<String, String> c : patchCases.entrySet()) {
            HttpReply reply = client.json("PATCH", "/api/streams/" + id, c.getKey(), user.token());
            assertThat(c.getKey(), reply.status(), is(400));
            assertThat(c.getKey(), errorFields(reply), hasItem(c.getValue()));
        }
        assertError(client.post("/api/streams", "[1]", user.token()), 400, "JSON对象");
        assertError(client.post("/api/streams", "{\"title\":", user.token()), 400, "JSON");
        assertThat(client.get("/api/streams/" + id, user.token()).json().at("/data/title").asText(), is("valid"));
    }

    @Test
    void otherUsersGetNotFoundOnEveryRecordRoute() {
        TestAccounts.SignedIn owner = TestAccounts.create(env, "st_owner");
        TestAccounts.SignedIn intruder = TestAccounts.create(env, "st_intruder");
        JsonNode stream = create(owner.token(), Map.of("title", "private"));
        String path = "/api/streams/" + stream.get("id").asLong();
        assertError(client.get(path, intruder.token()), 404, "推流记录不存在");
        assertError(client.json("PATCH", path, Map.of("title", "hijacked"), intruder.token()), 404, "推流记录不存在");
        assertError(client.json("PATCH", path, Map.of("regenerate_key", true), intruder.token()), 404, "推流记录不存在");
        assertError(client.json("DELETE", path, "", intruder.token()), 404, "推流记录不存在");
        assertThat(client.get("/api/streams", intruder.token()).text(), not(containsString(stream.get("stream_key").asText())));
        assertThat(client.get(path, owner.token()).json().get("data"), is(stream));

        for (String[] route : new String[][] {{"GET", "/api/streams"}, {"POST", "/api/streams"}, {"GET", path},
                {"PATCH", path}, {"DELETE", path}}) {
            assertError(client.json(route[0], route[1], "{}", null), 401, "未提供令牌");
        }
        assertError(client.get("/api/streams/abc", owner.token()), 404, "推流记录不存在");
        assertError(client.get("/api/streams/-1", owner.token()), 404, "推流记录不存在");
        assertError(client.get("/api/streams/999999999", owner.token()), 404, "推流记录不存在");
        HttpReply put = client.json("PUT", path, "{}", owner.token());
        assertError(put, 405, "PATCH");
    }

    @Test
    void theLiveStateIsSetOnlyThroughTheStreamingInterface() {
        TestAccounts.SignedIn user = TestAccounts.create(env, "st_live");
        JsonNode stream = create(user.token(), Map.of("title", "live one"));
        long id = stream.get("id").asLong();
        String path = "/api/streams/" + id;
        Instant start = Instant.parse("2026-01-02T03:04:05.678Z");
        assertThat(records.markLive(id, start), is(true));

        JsonNode live = client.get(path, user.token()).json().get("data");
        assertThat(live.get("is_live").asBoolean(), is(true));
        assertThat(live.get("start_time").asText(), is("2026-01-02T03:04:05.678Z"));
        assertThat(live.get("end_time").isNull(), is(true));
        assertError(client.json("PATCH", path, Map.of("regenerate_key", true), user.token()), 409, "直播进行中");
        assertError(client.json("DELETE", path, "", user.token()), 409, "直播进行中");
        assertThat(client.json("PATCH", path, Map.of("title", "still live"), user.token()).json().at("/data/is_live").asBoolean(),
                is(true));

        Instant end = start.plusSeconds(3600);
        assertThat(records.markEnded(id, end), is(true));
        assertThat(records.markEnded(id, end.plusSeconds(1)), is(false));
        JsonNode ended = client.get(path, user.token()).json().get("data");
        assertThat(ended.get("is_live").asBoolean(), is(false));
        assertThat(ended.get("end_time").asText(), is(end.toString()));
        assertThat(ended.get("start_time").asText(), is(start.toString()));
        assertThat(client.json("DELETE", path, "", user.token()).status(), is(200));
    }
}
