package io.streamcream.sovits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.TinyGraphs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The per-voice pool and weight switching under load, on two servers: {@code sovits.max-concurrent=5} with
 * {@code sovits.queue=0} (the 6th request is rejected with 503) and with {@code sovits.queue=1} (the 6th waits and
 * is served, the 7th is rejected).
 * <p>
 * Requests hold their pool slot by streaming to a client that does not read ({@link HeldStream}): the voice
 * {@code long_a} gives 500 tokens (1.28 MB of PCM) per segment, so a six-segment request blocks on back-pressure long
 * before it ends. The tiny graphs make every segment's audio a function of the reference only, so "its own audio"
 * is the single-segment answer for the same reference, repeated once per segment.
 */
class PoolAndSwitchIT {

    static final String ADMIN = "pool-admin-token";
    static final int TOKENS = 500;
    static final int SEGMENTS = 6;
    static final List<String> REFS = List.of("r4.wav", "r5.wav", "r6.wav", "r7.wav", "r8.wav");

    static TestEnvironment rejecting;
    static TestEnvironment queueing;
    static WebServer rejectingServer;
    static WebServer queueingServer;

    @BeforeAll
    static void start() {
        rejecting = TestEnvironment.create(TestDatabase.H2, Map.of("sovits.admin-token", ADMIN,
                "sovits.max-concurrent", "5", "sovits.queue", "0"));
        queueing = TestEnvironment.create(TestDatabase.H2, Map.of("sovits.admin-token", ADMIN,
                "sovits.max-concurrent", "5", "sovits.queue", "1"));
        rejectingServer = server(rejecting);
        queueingServer = server(queueing);
    }

    private static WebServer server(TestEnvironment env) {
        Path models = env.dataDir().resolve("userdatas/tts");
        TestBundles.writeVoice(models, "long_a", TestBundles.manifest("long_a"), TOKENS);
        TestBundles.writeVoice(models, "long_c", TestBundles.manifest("long_c"), TOKENS);
        TestBundles.writeVoice(models, "tiny_b", TestBundles.manifest("tiny_b"), 20);
        try {
            Files.createDirectories(models.resolve("ref_audio"));
            for (int i = 0; i < REFS.size(); i++) {
                Files.write(models.resolve("ref_audio").resolve(REFS.get(i)), TestWavs.tone(4 + i + 0.25 * i, 32000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WebServerConfig.Builder builder = WebServer.builder().port(0);
        TestEnvironment.localhost(builder);
        Main.setup(builder, env.platform(), () -> { });
        return builder.build().start();
    }

    @AfterAll
    static void stop() {
        for (WebServer server : new WebServer[] {rejectingServer, queueingServer}) {
            if (server != null) {
                server.stop();
            }
        }
        for (TestEnvironment env : new TestEnvironment[] {rejecting, queueing}) {
            if (env != null) {
                env.close();
            }
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String longText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < SEGMENTS; i++) {
            text.append("这是第").append("一二三四五六七八九十".charAt(i)).append("句测试用的话。");
        }
        return text.toString();
    }

    private static String tts(String voice, String text, String ref, String extra) {
        return "/tts?text=" + q(text) + "&text_lang=zh&prompt_lang=zh&voice=" + voice + "&ref_audio_path=" + q(ref)
                + "&prompt_text=" + q("参考音频的文字。") + "&media_type=raw&seed=5&top_k=1" + extra;
    }

    private static byte[] repeat(byte[] single, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.writeBytes(single);
        }
        return out.toByteArray();
    }

    /** The single-segment answer of {@code voice} for {@code ref}: one segment's audio and its silence. */
    private static byte[] single(TestClient client, String voice, String ref) {
        HttpReply reply = client.get(tts(voice, "这是第一句测试用的话。", ref, ""), null);
        assertThat(reply.toString(), reply.status(), is(200));
        return reply.body();
    }

    private static List<HeldStream> holdFive(WebServer server, String voice) {
        List<HeldStream> held = new ArrayList<>();
        for (String ref : REFS) {
            HeldStream stream = HeldStream.open(server.port(), tts(voice, longText(), ref, "&streaming_mode=1"));
            assertThat(stream.status(), is(200));
            held.add(stream);
        }
        return held;
    }

    private static HttpReply reload(TestClient client) {
        return client.send(client.request("/control/reload").header("Authorization", "Bearer " + ADMIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    }

    private static TestClient client(WebServer server) {
        return new TestClient(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @Test
    void fiveConcurrentStreamsGetTheirOwnAudioAndTheSixthIsRejected() {
        TestClient client = client(rejectingServer);
        List<byte[]> expected = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (String ref : REFS) {
            byte[] one = single(client, "long_a", ref);
            assertThat(one.length, is(2 * (TOKENS * 1280 + (int) (32000 * 0.3))));
            expected.add(one);
            distinct.add(java.util.HexFormat.of().formatHex(java.util.Arrays.copyOf(one, 64)));
        }
        assertThat("the five references give five different voices' audio", distinct.size(), is(REFS.size()));

        List<HeldStream> held = holdFive(rejectingServer, "long_a");
        try {
            HttpReply sixth = client.get(tts("long_a", "第六个请求。", REFS.getFirst(), ""), null);
            assertThat(sixth.toString(), sixth.status(), is(503));
            assertThat(sixth.text(), containsString("busy"));
            HttpReply sixthStreaming = client.get(tts("long_a", "第六个请求。", REFS.getFirst(), "&streaming_mode=1"), null);
            assertThat(sixthStreaming.status(), is(503));
            // Pools are per voice: another voice is still served.
            assertThat(client.get(tts("tiny_b", "另一个语音。", REFS.get(1), ""), null).status(), is(200));
            for (int i = 0; i < held.size(); i++) {
                byte[] body = held.get(i).readBody();
                assertThat("stream " + i + " length", body.length, is(expected.get(i).length * SEGMENTS));
                assertThat("stream " + i + " is its own reference's audio",
                        java.util.Arrays.equals(body, repeat(expected.get(i), SEGMENTS)), is(true));
            }
        } finally {
            held.forEach(HeldStream::close);
        }
        HttpReply after = client.get(tts("long_a", "第六个请求。", REFS.getFirst(), ""), null);
        assertThat("the slots are free again", after.status(), is(200));
    }

    @Test
    void withAQueueTheSixthWaitsAndTheSeventhIsRejected() throws Exception {
        TestClient client = client(queueingServer);
        byte[] sixthExpected = single(client, "long_a", REFS.get(2));
        List<HeldStream> held = holdFive(queueingServer, "long_a");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<HttpReply> sixth = pool.submit(() -> client.get(tts("long_a", "这是第一句测试用的话。", REFS.get(2), ""), null));
            try {
                sixth.get(700, TimeUnit.MILLISECONDS);
                throw new AssertionError("the 6th request was answered while all 5 slots were held");
            } catch (TimeoutException expected) {
                assertThat(sixth.isDone(), is(false));
            }
            HttpReply seventh = client.get(tts("long_a", "第七个请求。", REFS.get(3), ""), null);
            assertThat(seventh.toString(), seventh.status(), is(503));
            assertThat(seventh.text(), containsString("1 waiting"));
            for (HeldStream stream : held) {
                assertThat(stream.readBody().length, greaterThan(0));
            }
            HttpReply queued = sixth.get(30, TimeUnit.SECONDS);
            assertThat(queued.toString(), queued.status(), is(200));
            assertThat(java.util.Arrays.equals(queued.body(), sixthExpected), is(true));
        } finally {
            held.forEach(HeldStream::close);
            pool.shutdownNow();
        }
    }

    @Test
    void switchingAndReloadingWhileAStreamRunsLeavesItsAudioAlone() throws Exception {
        TestClient client = client(rejectingServer);
        Path models = rejecting.dataDir().resolve("userdatas/tts");
        byte[] before = single(client, "long_c", REFS.getFirst());
        try (HeldStream stream = HeldStream.open(rejectingServer.port(),
                tts("long_c", longText(), REFS.getFirst(), "&streaming_mode=1"))) {
            assertThat(stream.status(), is(200));
            assertThat(client.get("/set_model_pair?pair_name=tiny_b", null).status(), is(200));
            assertThat(client.post("/gpt-sovits/models/switch", Map.of("model", "long_a"), ADMIN).status(), is(200));
            assertThat(client.get("/get_current_status", null).json().get("current_model_pair").asText(), is("long_a"));
            // New weights for the streaming voice: 300 tokens per segment instead of 500.
            Files.write(models.resolve("long_c/t2s_step.onnx"), TinyGraphs.step(TOKENS - 200));
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<HttpReply> reload = pool.submit(() -> reload(client));
                HttpReply reloaded = reload.get(20, TimeUnit.SECONDS);
                assertThat(reloaded.toString(), reloaded.status(), is(200));
                Future<HttpReply> restart = pool.submit(() -> client.get("/control?command=restart", ADMIN));
                assertThat(restart.get(20, TimeUnit.SECONDS).status(), is(200));
            } finally {
                pool.shutdownNow();
            }
            byte[] after = single(client, "long_c", REFS.getFirst());
            assertThat("new requests use the new weights", after.length, is(before.length - 2 * 200 * 1280));
            assertThat(java.util.Arrays.equals(after, before), is(not(true)));

            byte[] body = stream.readBody();
            assertThat(body.length, is(before.length * SEGMENTS));
            assertThat("the running stream finished on the weights it started with",
                    java.util.Arrays.equals(body, repeat(before, SEGMENTS)), is(true));
        } finally {
            Files.write(models.resolve("long_c/t2s_step.onnx"), TinyGraphs.step(TOKENS));
            reload(client);
        }
    }
}
