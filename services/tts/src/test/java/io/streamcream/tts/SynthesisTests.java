package io.streamcream.tts;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.tts.audio.AudioStore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Synthesis through GPT-SoVITS endpoints (two configured: one dead, one played by WireMock), audio
 * files with ranges, the cache, deletion and the TTL.
 */
abstract class SynthesisTests {

    private static final AtomicLong USERS = new AtomicLong();

    final TestClient client;
    final TestEnvironment env;
    final SovitsStub sovits;

    SynthesisTests(URI uri, TestEnvironment env, SovitsStub sovits) {
        this.client = new TestClient(uri);
        this.env = env;
        this.sovits = sovits;
    }

    /** The dead endpoint comes first, so every request also exercises failover. */
    static Map<String, String> settings(SovitsStub sovits) {
        return Map.of("tts.synthesis.endpoints", "http://127.0.0.1:" + SpeechTests.freePort() + "," + sovits.url(),
                "tts.synthesis.timeout", "PT5S",
                "tts.synthesis.retry-down-after", "PT0S");
    }

    @BeforeEach
    void fresh() {
        sovits.answerWith(0.5);
    }

    String user() {
        long now = System.currentTimeMillis();
        String name = "voice_user_" + ProcessHandle.current().pid() % 1000 + "_" + USERS.incrementAndGet();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', TRUE, 0, ?, ?)",
                name, name, name + "@example.com", name + "@example.com", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = ?", name).orElseThrow()
                .column("id").get(Number.class).longValue();
        return env.platform().tokens().issue(id, 0).token();
    }

    @Test
    void synthesizesStoresAndServesWithRanges() {
        String token = user();
        String text = "大家好，欢迎来到我的直播间 " + USERS.incrementAndGet();
        HttpReply reply = client.post("/api/tts/synthesize", Map.of("text", text, "speed", 1.25), token);
        assertThat(reply.toString(), reply.status(), is(200));
        JsonNode data = reply.json().get("data");
        assertThat(data.get("audio_url").asText(), matchesPattern("/api/tts/audio/speech_[a-z2-7]{26}\\.wav"));
        assertThat(data.get("duration").asDouble(), closeTo(0.5, 0.001));
        assertThat(data.get("file_size").asLong(), is(44L + 32_000L));
        assertThat(data.get("format").asText(), is("wav"));
        assertThat(data.get("text").asText(), is(text));
        sovits.server.verify(getRequestedFor(urlPathEqualTo("/tts")).withQueryParam("text", equalTo(text))
                .withQueryParam("text_lang", equalTo("zh")).withQueryParam("speed_factor", equalTo("1.25"))
                .withQueryParam("media_type", equalTo("wav")).withQueryParam("streaming_mode", equalTo("false")));

        String url = data.get("audio_url").asText();
        HttpReply file = client.get(url, null);
        assertThat(file.status(), is(200));
        assertThat(file.header("Content-Type").orElse(""), is("audio/wav"));
        assertThat(file.header("X-Content-Type-Options").orElse(""), is("nosniff"));
        ByteBuffer header = ByteBuffer.wrap(file.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(4), is(36 + 32_000));
        assertThat(header.getInt(40), is(32_000));

        HttpReply head = client.send(client.request(url).header("Range", "bytes=0-43").GET().build());
        assertThat(head.status(), is(206));
        assertThat(head.body().length, is(44));
        assertThat(head.header("Content-Range").orElse(""), is("bytes 0-43/32044"));
        HttpReply tail = client.send(client.request(url).header("Range", "bytes=-10").GET().build());
        assertThat(tail.status(), is(206));
        assertThat(tail.body().length, is(10));
        HttpReply open = client.send(client.request(url).header("Range", "bytes=32000-").GET().build());
        assertThat(open.body().length, is(44));
        HttpReply bad = client.send(client.request(url).header("Range", "bytes=99999-").GET().build());
        assertThat(bad.status(), is(416));
        assertThat(bad.header("Content-Range").orElse(""), is("bytes */32044"));
        HttpReply notModified = client.send(client.request(url)
                .header("If-None-Match", file.header("ETag").orElseThrow()).GET().build());
        assertThat(notModified.status(), is(304));

        for (String name : new String[] {"speech_aaaaaaaaaaaaaaaaaaaaaaaaaa.wav", "..%2f..%2fkeys%2fjwt-hs256.key",
                "%2e%2e%2fdb", "speech_x.wav"}) {
            assertThat(name, client.get("/api/tts/audio/" + name, null).status(), is(404));
        }
    }

    @Test
    void identicalRequestsComeFromTheCache() {
        String text = "缓存测试 " + USERS.incrementAndGet();
        String alice = user();
        String bob = user();
        HttpReply first = client.post("/api/tts/synthesize", Map.of("text", text), alice);
        HttpReply second = client.post("/api/tts/synthesize", Map.of("text", text), alice);
        HttpReply other = client.post("/api/tts/synthesize", Map.of("text", text), bob);
        assertThat(first.json().at("/data/cached").asBoolean(), is(false));
        assertThat(second.json().at("/data/cached").asBoolean(), is(true));
        assertThat(second.json().at("/data/audio_url").asText(), is(first.json().at("/data/audio_url").asText()));
        assertThat(other.json().at("/data/cached").asBoolean(), is(true));
        assertThat(other.json().at("/data/audio_url").asText(), not(first.json().at("/data/audio_url").asText()));
        sovits.server.verify(1, getRequestedFor(urlPathEqualTo("/tts")).withQueryParam("text", equalTo(text)));

        HttpReply shifted = client.post("/api/tts/synthesize", Map.of("text", text, "pitch", 12), alice);
        assertThat(shifted.json().at("/data/cached").asBoolean(), is(false));
        assertThat(shifted.json().at("/data/duration").asDouble(), closeTo(0.5, 0.001));
        sovits.server.verify(2, getRequestedFor(urlPathEqualTo("/tts")).withQueryParam("text", equalTo(text)));
    }

    @Test
    void compatibleFaceAndDeletion() {
        String token = user();
        HttpReply reply = client.post("/synthesize-speech", Map.of("text", "兼容接口", "text_lang", "zh",
                "ref_audio_path", "参考音频.wav", "prompt_lang", "zh", "prompt_text", "兼容接口"), token);
        assertThat(reply.toString(), reply.status(), is(200));
        String url = reply.json().get("audio_url").asText();
        assertThat(url, matchesPattern("/static/audio/speech_[a-z2-7]{26}\\.wav"));
        assertThat(reply.json().get("duration").asDouble(), closeTo(0.5, 0.001));
        assertThat(client.get(url, null).status(), is(200));
        String name = url.substring(url.lastIndexOf('/') + 1);

        assertThat(client.json("DELETE", "/delete-audio/" + name, "", user()).status(), is(404));
        HttpReply deleted = client.json("DELETE", "/delete-audio/" + name, "", token);
        assertThat(deleted.json().get("message").asText(), is("文件删除成功"));
        assertThat(client.get(url, null).status(), is(404));
        assertThat(client.json("DELETE", "/delete-audio/" + name, "", token).status(), is(404));

        client.post("/api/tts/synthesize", Map.of("text", "一"), token);
        client.post("/api/tts/synthesize", Map.of("text", "二"), token);
        HttpReply all = client.get("/delete-all-audio", token);
        assertThat(all.json().get("message").asText(), is("所有音频文件删除成功"));
        assertThat(all.json().get("deleted").asInt(), is(2));
        assertThat(client.json("DELETE", "/api/tts/audio", "", token).json().at("/data/deleted").asInt(), is(0));
    }

    @Test
    void inputRulesAndAuth() {
        String token = user();
        assertThat(client.post("/api/tts/synthesize", Map.of("text", " "), token).json().get("message").asText(),
                is("文本不能为空"));
        assertThat(client.post("/synthesize-speech", Map.of(), token).status(), is(400));
        HttpReply tooLong = client.post("/api/tts/synthesize", Map.of("text", "字".repeat(2001)), token);
        assertThat(tooLong.status(), is(413));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "x", "speed", 3), token).status(), is(400));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "x", "pitch", -13), token).status(), is(400));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "x", "language", "xx"), token).status(), is(400));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "x"), null).status(), is(401));
        assertThat(client.post("/synthesize-speech", Map.of("text", "x"), null).status(), is(401));
        assertThat(client.get("/delete-all-audio", null).status(), is(401));
    }

    @Test
    void modelRefusalsPassOnAsBadRequests() {
        sovits.server.stubFor(get(urlPathEqualTo("/tts")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"text_lang: ja is not supported in version v2\"}")));
        HttpReply reply = client.post("/api/tts/synthesize", Map.of("text", "こんにちは", "language", "ja"), user());
        assertThat(reply.status(), is(400));
        assertThat(reply.json().get("message").asText(), containsString("text_lang: ja is not supported"));
    }

    @Test
    void everyEndpointDownIsA503AndBrokenAudioIsNeverStored() {
        long before = env.db().get("SELECT COUNT(*) AS n FROM tts_audio").orElseThrow().column("n").get(Number.class)
                .longValue();
        sovits.server.stubFor(get(urlPathEqualTo("/tts")).willReturn(aResponse().withStatus(200).withBody("RIFF....")));
        HttpReply broken = client.post("/api/tts/synthesize", Map.of("text", "坏音频"), user());
        assertThat(broken.status(), is(503));
        assertThat(env.db().get("SELECT COUNT(*) AS n FROM tts_audio").orElseThrow().column("n").get(Number.class)
                .longValue(), is(before));
        sovits.server.stubFor(get(urlPathEqualTo("/tts")).willReturn(aResponse().withStatus(500)));
        assertThat(client.post("/api/tts/synthesize", Map.of("text", "都坏了"), user()).status(), is(503));
    }

    @Test
    void mouthTimelinesOnBothFaces() {
        String token = user();
        HttpReply estimated = client.post("/api/tts/mouth-timeline", Map.of("text", "大家好，欢迎", "duration", 2.0), token);
        assertThat(estimated.toString(), estimated.status(), is(200));
        JsonNode entries = estimated.json().get("data");
        assertThat(entries.size(), is(6));
        assertThat(entries.get(0).get("char").asText(), is("大"));
        assertThat(entries.get(0).get("vowel").asText(), is("a"));
        assertThat(entries.get(0).get("mouth_shape").asText(), is("a"));
        assertThat(entries.get(0).get("mouth_open").asDouble() > 0.5, is(true));
        assertThat(entries.get(3).get("vowel").asText(), is(""));
        assertThat(entries.get(5).get("end").asDouble(), closeTo(2.0, 0.001));

        HttpReply compat = client.post("/text2mouth_timeline", Map.of("text", "你好，世界。", "duration", 1.2), token);
        assertThat(compat.json().get("timeline").size(), is(6));
        assertThat(compat.json().at("/timeline/1/vowel").asText(), is("ao"));
        HttpReply params = client.post("/text2mouth_param", Map.of("text", "你好", "duration", 1.0, "fps", 30), token);
        assertThat(params.json().get("mouth_param").size(), is(30));

        HttpReply synthesized = client.post("/api/tts/synthesize", Map.of("text", "你好世界", "with_timeline", true), token);
        JsonNode timeline = synthesized.json().at("/data/timeline");
        assertThat(timeline.size(), is(4));
        assertThat(timeline.get(3).get("end").asDouble(), closeTo(synthesized.json().at("/data/duration").asDouble(), 0.002));
        String url = synthesized.json().at("/data/audio_url").asText();
        HttpReply aligned = client.post("/api/tts/mouth-timeline", Map.of("text", "你好世界", "audio_url", url), token);
        assertThat(aligned.json().get("data").size(), is(4));
        assertThat(aligned.json().at("/data/3/end").asDouble(), closeTo(0.5, 0.002));

        assertThat(client.post("/api/tts/mouth-timeline", Map.of("text", "x", "audio_url",
                "/api/tts/audio/speech_aaaaaaaaaaaaaaaaaaaaaaaaaa.wav"), token).status(), is(404));
        assertThat(client.post("/api/tts/mouth-timeline", Map.of("text", "x", "duration", -1), token).status(), is(400));
        assertThat(client.post("/api/tts/mouth-timeline", Map.of("text", "x"), null).status(), is(401));
        assertThat(client.post("/text2mouth_timeline", Map.of("text", "x"), null).status(), is(401));
    }

    @Test
    void expiredFilesAreRemoved() {
        String token = user();
        String url = client.post("/api/tts/synthesize", Map.of("text", "过期 " + USERS.incrementAndGet()), token)
                .json().at("/data/audio_url").asText();
        assertThat(client.get(url, null).status(), is(200));
        AudioStore store = new AudioStore(env.platform().database(), env.dataDir().resolve("audio"),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)));
        assertThat(store.expire(Duration.ofMinutes(1)) > 0, is(true));
        assertThat(client.get(url, null).status(), is(404));
        assertThat(java.nio.file.Files.exists(env.dataDir().resolve("audio").resolve(url.substring(url.lastIndexOf('/') + 1))),
                is(false));
    }

}
