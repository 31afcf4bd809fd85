package io.streamcream.tts;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.streamcream.common.json.Json;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * Speech text from a topic through the user's own LLM, with WireMock speaking the OpenAI
 * chat-completions protocol on 127.0.0.1.
 */
abstract class SpeechTests {

    static final String PATH = "/v1/chat/completions";
    private static final AtomicLong USERS = new AtomicLong();

    final TestClient client;
    final TestEnvironment env;
    final WireMockExtension llm;

    SpeechTests(URI uri, TestEnvironment env, WireMockExtension llm) {
        this.client = new TestClient(uri);
        this.env = env;
        this.llm = llm;
    }

    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance()
                .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    static Map<String, String> settings() {
        return Map.of("tts.llm.timeout", "PT1S",
                "tts.llm.circuit-breaker.volume", "4",
                "tts.llm.circuit-breaker.error-ratio", "75",
                "tts.llm.circuit-breaker.delay", "PT30S",
                "tts.moderation.banned-words", "禁词",
                "tts.max-sentence-length", "20");
    }

    @BeforeEach
    void reset() {
        llm.resetAll();
    }

    /** A verified user with aiSettings pointing at WireMock; returns a token. */
    String userWithAi(String path, String apiKey, boolean encrypt) {
        long now = System.currentTimeMillis();
        String name = "speaker_" + ProcessHandle.current().pid() % 1000 + "_" + USERS.incrementAndGet();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', TRUE, 0, ?, ?)",
                name, name, name + "@example.com", name + "@example.com", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = ?", name).orElseThrow()
                .column("id").get(Number.class).longValue();
        String key = encrypt
                ? SecretCipher.create(env.platform().config(), env.platform().secrets())
                        .encrypt(apiKey, "preferences:" + id + ":aiSettings.apiKey")
                : apiKey;
        String preferences = Json.text(Map.of("aiSettings", Map.of(
                "provider", "http://127.0.0.1:" + llm.getPort() + path,
                "apiKey", key, "modelName", "gpt-test", "temperature", 0.5, "maxTokens", 800)));
        env.db().insert("INSERT INTO user_settings (user_id, preferences, version, created_at, updated_at) "
                + "VALUES (?, ?, 0, ?, ?)", id, preferences, now, now);
        return env.platform().tokens().issue(id, 0).token();
    }

    static String completion(String content) {
        return Json.text(Map.of("id", "chatcmpl-1", "object", "chat.completion", "choices",
                List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content)))));
    }

    void stubOutlineAndSections() {
        llm.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content", containing("提纲")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(completion("1. 开场白\n2. **产品介绍**\n"))));
        llm.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content", containing("开场白")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(completion("大家好！欢迎来到直播间。今天有禁词吗？"))));
        llm.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content", containing("产品介绍")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(completion("这款产品很好用，价格也很实惠，而且质量非常可靠，大家一定要试试看。"))));
    }

    @Test
    void writesOutlineAndSectionsWithTheUsersLlm() {
        stubOutlineAndSections();
        String token = userWithAi(PATH, "sk-test-123", false);
        HttpReply reply = client.post("/api/tts/generate-speech", Map.of("topic", "新品发布", "style", "活泼",
                "keywords", List.of("新品", "优惠")), token);
        assertThat(reply.toString(), reply.status(), is(200));
        JsonNode data = reply.json().get("data");
        assertThat(data.at("/outline/0/title").asText(), is("开场白"));
        assertThat(data.at("/outline/1/title").asText(), is("产品介绍"));
        List<String> sentences = new java.util.ArrayList<>();
        data.get("sentences").forEach(n -> sentences.add(n.asText()));
        assertThat(sentences, contains(
                "大家好！", "欢迎来到直播间。", "今天有**吗？",
                "这款产品很好用，价格也很实惠，", "而且质量非常可靠，大家一定要试试看。"));
        assertThat(data.get("speech_content").asText(), containsString("大家好！欢迎来到直播间。"));

        llm.verify(3, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-test-123")));
        llm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"gpt-test","temperature":0.5,"max_tokens":800,"stream":false,
                 "messages":[{"role":"system","content":"你是一个专业的直播内容助手，擅长生成结构清晰、通俗易懂的内容。"},
                             {"role":"user","content":"${json-unit.any-string}"}]}""")));
        llm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content",
                containing("为主题\"新品发布\"生成一个直播提纲，包含5-8个章节"))));
        llm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content",
                containing("请涉及这些关键词：新品、优惠。"))));
    }

    @Test
    void compatibleFaceAndEncryptedKeys() {
        stubOutlineAndSections();
        String token = userWithAi(PATH, "sk-sealed-456", true);
        HttpReply reply = client.post("/generate-speech", Map.of("topic", "新品发布", "sections", 2), token);
        assertThat(reply.toString(), reply.status(), is(200));
        assertThat(reply.json().has("speech_content"), is(true));
        assertThat(reply.json().get("sentences").size(), is(5));
        llm.verify(3, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer sk-sealed-456")));
        llm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content",
                containing("包含2个章节"))));
    }

    @Test
    void streamsSectionsAsServerSentEvents() {
        stubOutlineAndSections();
        String token = userWithAi(PATH, "sk-test", false);
        HttpReply reply = client.send(client.request("/api/tts/generate-speech")
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"新品发布\"}")).build());
        assertThat(reply.status(), is(200));
        assertThat(reply.header("Content-Type").orElse(""), containsString("text/event-stream"));
        String text = reply.text();
        assertThat(text.indexOf("event: outline") < text.indexOf("event: section"), is(true));
        assertThat(text.indexOf("\"index\":1") < text.indexOf("event: done"), is(true));
        assertThat(text, containsString("\"title\":\"产品介绍\""));
    }

    @Test
    void readsStreamedChatAnswers() {
        String chunk1 = Json.text(Map.of("choices", List.of(Map.of("index", 0, "delta", Map.of("content", "1. 开")))));
        String chunk2 = Json.text(Map.of("choices", List.of(Map.of("index", 0, "delta", Map.of("content", "场\n")))));
        llm.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content", containing("提纲")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody("data: " + chunk1 + "\n\ndata: " + chunk2 + "\n\ndata: [DONE]\n\n")));
        llm.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.messages[1].content", containing("开场")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody("data: " + Json.text(Map.of("choices", List.of(Map.of("delta",
                                Map.of("content", "你好。"))))) + "\n\ndata: [DONE]\n\n")));
        HttpReply reply = client.post("/api/tts/generate-speech", Map.of("topic", "问候"), userWithAi(PATH, "k", false));
        assertThat(reply.toString(), reply.status(), is(200));
        assertThat(reply.json().at("/data/outline/0/title").asText(), is("开场"));
        assertThat(reply.json().at("/data/sentences/0").asText(), is("你好。"));
    }

    @Test
    void upstreamErrorsAreClear() {
        String token = userWithAi("/v1/rejects", "sk-secret-key-789", false);
        llm.stubFor(post(urlEqualTo("/v1/rejects")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-secret-key-789\"}}")));
        HttpReply rejected = client.post("/api/tts/generate-speech", Map.of("topic", "x"), token);
        assertThat(rejected.status(), is(502));
        assertThat(rejected.json().get("message").asText(), containsString("API Key"));
        assertThat(rejected.text(), not(containsString("sk-secret")));

        String limitedToken = userWithAi("/v1/limited", "k", false);
        llm.stubFor(post(urlEqualTo("/v1/limited")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        HttpReply limited = client.post("/api/tts/generate-speech", Map.of("topic", "x"), limitedToken);
        assertThat(limited.status(), is(429));
        assertThat(limited.header("Retry-After").orElse(""), is("7"));

        String garbageToken = userWithAi("/v1/garbage", "k", false);
        llm.stubFor(post(urlEqualTo("/v1/garbage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"choices\": [ not json")));
        HttpReply garbage = client.post("/api/tts/generate-speech", Map.of("topic", "x"), garbageToken);
        assertThat(garbage.status(), is(502));
        assertThat(garbage.json().get("message").asText(), containsString("无法识别"));

        String slowToken = userWithAi("/v1/slow", "k", false);
        llm.stubFor(post(urlEqualTo("/v1/slow")).willReturn(aResponse().withFixedDelay(1500).withBody(completion("1. a"))));
        long start = System.nanoTime();
        HttpReply slow = client.post("/api/tts/generate-speech", Map.of("topic", "x"), slowToken);
        assertThat(slow.status(), is(504));
        assertThat((System.nanoTime() - start) / 1_000_000L, lessThan(4500L));
        llm.verify(2, postRequestedFor(urlEqualTo("/v1/slow")));
    }

    @Test
    void serverErrorsAreRetriedOnce() {
        String token = userWithAi("/v1/flaky", "k", false);
        llm.stubFor(post(urlEqualTo("/v1/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        llm.stubFor(post(urlEqualTo("/v1/flaky")).inScenario("flaky").whenScenarioStateIs("recovered")
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("提纲")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(completion("1. 唯一章节"))));
        llm.stubFor(post(urlEqualTo("/v1/flaky")).inScenario("flaky").whenScenarioStateIs("recovered")
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("唯一章节")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(completion("好的。"))));
        HttpReply reply = client.post("/api/tts/generate-speech", Map.of("topic", "x"), token);
        assertThat(reply.toString(), reply.status(), is(200));
        llm.verify(3, postRequestedFor(urlEqualTo("/v1/flaky")));

        String downToken = userWithAi("/v1/down", "k", false);
        llm.stubFor(post(urlEqualTo("/v1/down")).willReturn(aResponse().withStatus(503)));
        assertThat(client.post("/api/tts/generate-speech", Map.of("topic", "x"), downToken).status(), is(502));
        llm.verify(2, postRequestedFor(urlEqualTo("/v1/down")));
    }

    @Test
    void theCircuitOpensForAFailingProvider() {
        int port = freePort();
        String token = userWithAi("/v1/never", "k", false);
        // Point the provider at a closed port: unreachable.
        env.db().update("UPDATE user_settings SET preferences = REPLACE(preferences, ?, ?)",
                "127.0.0.1:" + llm.getPort() + "/v1/never", "127.0.0.1:" + port + "/v1/never");
        int unavailable = 0;
        for (int i = 0; i < 6; i++) {
            HttpReply reply = client.post("/api/tts/generate-speech", Map.of("topic", "x"), token);
            assertThat(reply.toString(), reply.status() == 502 || reply.status() == 503, is(true));
            if (reply.status() == 503) {
                unavailable++;
                assertThat(reply.header("Retry-After").isPresent(), is(true));
            }
        }
        assertThat(unavailable > 0, is(true));
    }

    @Test
    void badInput() {
        String token = userWithAi(PATH, "k", false);
        HttpReply empty = client.post("/api/tts/generate-speech", Map.of("topic", " "), token);
        assertThat(empty.status(), is(400));
        assertThat(empty.json().get("message").asText(), is("主题不能为空"));
        HttpReply language = client.post("/api/tts/generate-speech", Map.of("topic", "x", "language", "fr"), token);
        assertThat(language.status(), is(400));
        assertThat(language.json().get("message").asText(), containsString("fr"));
        assertThat(client.post("/api/tts/generate-speech", Map.of("topic", "x", "sections", 99), token).status(), is(400));
        assertThat(client.post("/api/tts/generate-speech", Map.of("topic", "x", "keywords", List.of(1)), token).status(),
                is(400));
        assertThat(client.post("/api/tts/generate-speech", Map.of("topic", "x"), null).status(), is(401));
        assertThat(client.post("/generate-speech", Map.of("topic", "x"), null).status(), is(401));

        long now = System.currentTimeMillis();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                + "token_version, created_at, updated_at) VALUES ('no_ai_user', 'no_ai_user', 'n@example.com', "
                + "'n@example.com', 'x', TRUE, 0, ?, ?)", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = 'no_ai_user'").orElseThrow()
                .column("id").get(Number.class).longValue();
        HttpReply noSettings = client.post("/api/tts/generate-speech", Map.of("topic", "x"),
                env.platform().tokens().issue(id, 0).token());
        assertThat(noSettings.status(), is(400));
        assertThat(noSettings.json().get("message").asText(), containsString("aiSettings"));
        llm.verify(0, postRequestedFor(WireMock.anyUrl()));
    }

    @Test
    void inProcessSynthesisWithoutVoicesSaysWhereToPutThem() {
        HttpReply reply = client.post("/api/tts/synthesize", Map.of("text", "你好"), userWithAi(PATH, "k", false));
        assertThat(reply.status(), is(503));
        assertThat(reply.json().get("message").asText(), containsString("bundle.json"));
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
