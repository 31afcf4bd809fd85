package io.streamcream.security;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import io.streamcream.common.json.Json;
import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.streaming.RtmpSink;
import io.streamcream.streaming.TestMedia;
import io.streamcream.streaming.media.Ffmpeg;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The fast fault checks: slow LLM, 9880 endpoints down, RTMP server dying mid-stream, PostgreSQL refusing connections. */
class FaultsIT {

    static int freePort() {
        return RtmpSink.freePort();
    }

    @Test
    void slowLlmTimesOutThenTheCircuitOpens() {
        WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        llm.start();
        try (Stack stack = Stack.start(TestDatabase.H2, Map.of("tts.llm.timeout", "PT0.5S",
                "tts.llm.circuit-breaker.volume", "4", "tts.llm.circuit-breaker.error-ratio", "75",
                "tts.llm.circuit-breaker.delay", "PT30S"), false, List.of("login", "tts"))) {
            llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withFixedDelay(3000)
                    .withHeader("Content-Type", "application/json").withBody("{}")));
            Stack.User user = stack.user("slowllm");
            long now = System.currentTimeMillis();
            stack.env.db().insert("INSERT INTO user_settings (user_id, preferences, version, created_at, updated_at) VALUES (?, ?, 0, ?, ?)",
                    user.id(), Json.text(Map.of("aiSettings", Map.of("provider", "http://127.0.0.1:" + llm.port() + "/v1/chat/completions",
                            "apiKey", "sk-slow-secret-999", "modelName", "m"))), now, now);
            int open = 0;
            for (int i = 0; i < 8; i++) {
                long begin = System.nanoTime();
                HttpReply reply = stack.client("tts").post("/api/tts/generate-speech", Map.of("topic", "慢"), user.token());
                double seconds = (System.nanoTime() - begin) / 1e9;
                assertThat(reply.toString(), reply.status(), anyOf(is(502), is(503), is(504)));
                assertThat(reply.toString(), seconds, lessThan(2.5));
                assertThat(reply.json().path("message").asText().isBlank(), is(false));
                if (reply.status() == 503) {
                    open++;
                    assertThat(reply.header("Retry-After").isPresent(), is(true));
                    assertThat("an open circuit answers at once", seconds, lessThan(0.3));
                }
            }
            assertThat(open, greaterThan(0));
            stack.assertNoSecrets(List.of("sk-slow-secret-999"));
        } finally {
            llm.stop();
        }
    }

    @Test
    void synthesisFailsOverToALiveEndpointAndAnswers503WhenAllAreDown() {
        int dead = freePort();
        int sovits = freePort();
        try (Stack stack = Stack.start(TestDatabase.H2, Map.of("services.sovits.port", String.valueOf(sovits),
                "tts.synthesis.endpoints", "http://127.0.0.1:" + dead + ",http://127.0.0.1:" + sovits,
                "tts.synthesis.probe-interval", "PT1S"), true)) {
            Stack.User user = stack.user("failover");
            for (int i = 0; i < 4; i++) {
                HttpReply reply = stack.client("tts").post("/api/tts/synthesize", Map.of("text", "第" + i + "句话。"), user.token());
                assertThat(reply.toString(), reply.status(), is(200));
            }
        }
        try (Stack stack = Stack.start(TestDatabase.H2, Map.of("tts.synthesis.endpoints",
                "http://127.0.0.1:" + dead + ",http://127.0.0.1:" + freePort()), false, List.of("login", "tts"))) {
            Stack.User user = stack.user("alldown");
            long begin = System.nanoTime();
            HttpReply reply = stack.client("tts").post("/api/tts/synthesize", Map.of("text", "没有服务。"), user.token());
            assertThat(reply.toString(), reply.status(), is(503));
            assertThat((System.nanoTime() - begin) / 1e9, lessThan(5.0));
            assertThat(reply.json().path("message").asText().isBlank(), is(false));
        }
    }

    @Test
    void concurrentSynthesesNeverFailOnEachOthersTemporaryFiles() throws Exception {
        try (Stack stack = Stack.start(TestDatabase.H2, Map.of(), true, List.of("sovits"))) {
            java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int worker = 0; worker < 6; worker++) {
                    int w = worker;
                    pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            HttpReply reply = stack.client("sovits").post("/gpt-sovits/tts", Map.of("text", "第" + w + "组" + i + "句。",
                                    "text_lang", "zh", "ref_audio_path", "参考音频/参考音频.wav", "prompt_lang", "zh"));
                            done.incrementAndGet();
                            if (reply.status() != 200) {
                                failures.add(reply.toString());
                            }
                        }
                    });
                }
            }
            assertThat(done.get(), is(300));
            assertThat(failures.stream().limit(3).toList(), org.hamcrest.Matchers.empty());
        }
    }

    @Test
    void rtmpServerDyingMidStreamEndsTheSessionAndTellsTheClient() throws Exception {
        TestMedia.Clip clip = TestMedia.h264Opus(320, 240, 25, 8);
        try (Stack stack = Stack.start(TestDatabase.H2, Map.of("streaming.write-timeout", "PT2S",
                "streaming.connect-timeout", "PT2S"), false, List.of("login", "streaming"))) {
            Stack.User user = stack.user("rtmpdies");
            RtmpSink sink = RtmpSink.start();
            URI ws = URI.create("ws://127.0.0.1:" + stack.launcher.port("streaming") + "/");
            try (Ws client = Ws.connect(ws, user.token())) {
                client.text(Json.text(Map.of("rtmp_url", sink.serverUrl(), "stream_key", sink.key(), "fps", 25)));
                assertThat(client.messages().toString(), client.awaitType("started", 5000), notNullValue());
                Thread feeder = Thread.ofVirtual().start(() -> {
                    int chunks = 80;
                    int size = (clip.bytes().length + chunks - 1) / chunks;
                    for (int offset = 0; offset < clip.bytes().length; offset += size) {
                        try {
                            client.binary(java.util.Arrays.copyOfRange(clip.bytes(), offset, Math.min(clip.bytes().length, offset + size)));
                            Thread.sleep(100);
                        } catch (InterruptedException | RuntimeException stopped) {
                            return;
                        }
                    }
                });
                assertThat(sink.awaitConnected(5000), is(true));
                Thread.sleep(1000);
                long killed = System.nanoTime();
                sink.close();
                var told = client.await(m -> "error".equals(m.path("type").asText()) || "ended".equals(m.path("type").asText())
                        || "destination_failed".equals(m.path("code").asText()), 10_000);
                assertThat(client.messages().toString(), told, notNullValue());
                assertThat("the client is told within 8 s", (System.nanoTime() - killed) / 1e9, lessThan(8.0));
                var ended = client.awaitType("ended", 10_000);
                assertThat(client.messages().toString(), ended, notNullValue());
                assertThat(client.awaitClose(5000), is(true));
                feeder.interrupt();
                feeder.join(5000);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Ffmpeg.liveContexts() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Ffmpeg.liveContexts(), is(0));
            assertThat(stack.client("streaming").get("/api/streaming/status", user.token()).json().at("/data/sessions").size(), is(0));
        }
    }

    @Test
    void refusedPostgresConnectionsFailFastWith503AndRecover() throws Exception {
        String schema = "sc_fault_" + Long.toHexString(System.nanoTime());
        String admin = "jdbc:postgresql://127.0.0.1:5432/test";
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        try (TcpProxy proxy = new TcpProxy(5432);
             Stack stack = Stack.start(TestDatabase.H2, Map.of(
                     "db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + schema
                             + "&connectTimeout=1&socketTimeout=5",
                     "db.username", "postgres", "db.password", "", "db.connect-timeout-millis", "1000"),
                     false, List.of("login"))) {
            var login = stack.client("login");
            Stack.User user = stack.signUp("pgdown", "pgdown-password-1");
            HttpReply committed = login.json("PUT", "/api/preferences", Map.of("nickname", "before-outage"), user.token());
            assertThat(committed.toString(), committed.status(), is(200));
            assertThat(login.get("/health", null).status(), is(200));

            proxy.stop();
            for (String[] call : List.of(new String[] {"GET", "/api/preferences"}, new String[] {"GET", "/api/users/me"},
                    new String[] {"GET", "/api/streams"})) {
                long begin = System.nanoTime();
                HttpReply reply = login.json(call[0], call[1], "", user.token());
                double seconds = (System.nanoTime() - begin) / 1e9;
                assertThat(call[1] + " " + reply, reply.status(), is(503));
                assertThat(reply.toString(), seconds, lessThan(3.0));
                assertThat(reply.json().path("message").asText().isBlank(), is(false));
                assertThat(reply.text(), not(containsString("postgres")));
                assertThat(reply.text(), not(containsString("Exception")));
            }
            long begin = System.nanoTime();
            HttpReply signIn = login.post("/api/auth/login", Map.of("username", user.name(), "password", user.password()));
            assertThat(signIn.toString(), signIn.status(), is(503));
            assertThat((System.nanoTime() - begin) / 1e9, lessThan(3.0));
            HttpReply health = login.get("/health", null);
            assertThat(health.toString(), health.status(), is(503));
            assertThat(health.text(), containsString("DOWN"));

            proxy.restart();
            long deadline = System.nanoTime() + 15_000_000_000L;
            int healthy = 0;
            while (System.nanoTime() < deadline && (healthy = login.get("/health", null).status()) != 200) {
                Thread.sleep(200);
            }
            assertThat(healthy, is(200));
            HttpReply after = login.get("/api/preferences", user.token());
            assertThat(after.toString(), after.status(), is(200));
            assertThat("the committed write survived", after.json().at("/data/nickname").asText(), is("before-outage"));
        } finally {
            try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
