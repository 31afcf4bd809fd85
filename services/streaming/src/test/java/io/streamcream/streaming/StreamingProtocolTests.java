package io.streamcream.streaming;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.streaming.media.Ffmpeg;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The WebSocket protocol, authentication, limits and the HTTP routes, on each database. */
abstract class StreamingProtocolTests {

    /** Settings of the test servers: short timeouts, two sessions per user. */
    static final Map<String, String> SETTINGS = Map.of(
            "streaming.connect-timeout", "PT2S",
            "streaming.max-sessions-per-user", "2",
            "streaming.idle-timeout", "PT20S");

    private final URI uri;
    private final TestEnvironment env;
    private final TestClient http;

    StreamingProtocolTests(URI uri, TestEnvironment env) {
        this.uri = uri;
        this.env = env;
        this.http = new TestClient(uri);
    }

    private static Map<String, Object> config(String url, String key) {
        return Map.of("rtmp_url", url, "stream_key", key);
    }

    private static void assertRefused(StreamClient client, String error, int code) throws InterruptedException {
        JsonNode message = client.awaitType("error", 5000);
        assertThat(client.messages().toString(), message, notNullValue());
        assertThat(message.path("error").asText(), startsWith(error));
        assertThat(client.awaitClose(5000), is(true));
        assertThat(client.closeCode(), is(code));
    }

    @Test
    void withoutATokenTheStreamIsRefused() throws Exception {
        try (StreamClient client = StreamClient.connect(uri, "/", null)) {
            client.config(config("rtmp://127.0.0.1/live", "k"));
            assertRefused(client, "未提供令牌", 1008);
        }
    }

    @Test
    void anInvalidTokenIsRefusedWhereverItIsSent() throws Exception {
        try (StreamClient client = StreamClient.connect(uri, "/?token=not-a-jwt", null)) {
            client.config(config("rtmp://127.0.0.1/live", "k"));
            assertRefused(client, "无效令牌", 1008);
        }
        try (StreamClient client = StreamClient.connect(uri, "/api/streaming/ws", "Bearer not-a-jwt")) {
            client.config(config("rtmp://127.0.0.1/live", "k"));
            assertRefused(client, "无效令牌", 1008);
        }
        try (StreamClient client = StreamClient.connect(uri, "/", null)) {
            client.config(Map.of("rtmp_url", "rtmp://127.0.0.1/live", "stream_key", "k", "token", "x.y.z"));
            assertRefused(client, "无效令牌", 1008);
        }
    }

    @Test
    void invalidFirstMessagesGetTheOriginalTexts() throws Exception {
        TestUsers.User user = TestUsers.create(env, "first");
        try (StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
            client.text("hello");
            assertRefused(client, "首条消息必须为JSON，包含rtmp_url和stream_key", 1008);
        }
        try (StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
            client.binary(new byte[] {1, 2, 3});
            assertRefused(client, "首条消息必须为JSON，包含rtmp_url和stream_key", 1008);
        }
        try (StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
            client.text("{\"action\":\"start_stream\",\"topic\":\"t\",\"rtmp_url\":\"\",\"stream_key\":\"k\"}");
            assertRefused(client, "缺少rtmp_url或stream_key", 1008);
        }
    }

    @Test
    void forbiddenUrlsNeverReachFfmpeg() throws Exception {
        TestUsers.User user = TestUsers.create(env, "url");
        for (String url : new String[] {"file:///tmp", "/tmp/out", "http://127.0.0.1/live", "rtmp://127.0.0.1"}) {
            try (StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
                client.config(config(url, "key"));
                JsonNode error = client.awaitType("error", 5000);
                assertThat(url, error.path("code").asText(), is("invalid_url"));
                assertThat(client.awaitClose(5000), is(true));
                assertThat(client.closeCode(), is(1008));
            }
        }
    }

    @Test
    void unreachableRtmpServerIsReportedWithinFiveSeconds() throws Exception {
        TestUsers.User user = TestUsers.create(env, "dead");
        TestMedia.Clip clip = TestMedia.h264Opus(160, 120, 25, 1);
        try (StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(config("rtmp://127.0.0.1:" + RtmpSink.freePort() + "/live", "key"));
            assertThat(client.awaitType("started", 5000), notNullValue());
            long start = System.nanoTime();
            client.binary(clip.bytes());
            JsonNode error = client.await(m -> "stream_failed".equals(m.path("code").asText()), 5000);
            assertThat(client.messages().toString(), error, notNullValue());
            assertThat((System.nanoTime() - start) / 1e9, lessThan(5.0));
            assertThat(error.path("error").asText(), containsString("推流地址连接失败"));
            assertThat(client.awaitClose(3000), is(true));
            assertThat(client.closeCode(), is(1011));
            assertThat(client.awaitType("ended", 1000).path("reason").asText(), is("error"));
        }
        assertContextsFreed();
    }

    @Test
    void garbageBytesEndCleanly() throws Exception {
        TestUsers.User user = TestUsers.create(env, "garbage");
        byte[] garbage = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(garbage);
        try (StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(config("rtmp://127.0.0.1:" + RtmpSink.freePort() + "/live", "key"));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.binary(garbage);
            JsonNode error = client.await(m -> "stream_failed".equals(m.path("code").asText()), 5000);
            assertThat(client.messages().toString(), error.path("error").asText(), containsString("无法识别的媒体流"));
            assertThat(client.awaitClose(3000), is(true));
            assertThat(client.closeCode(), is(1011));
        }
        // A valid header followed by garbage: the demuxer fails or resyncs, but never crashes the server.
        TestMedia.Clip clip = TestMedia.vp8Opus(160, 120, 25, 1);
        try (StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(config("rtmp://127.0.0.1:" + RtmpSink.freePort() + "/live", "key"));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.binary(java.util.Arrays.copyOf(clip.bytes(), 200));
            client.binary(garbage);
            client.text("{\"action\":\"end_stream\"}");
            assertThat(client.messages().toString(), client.awaitType("ended", 8000), notNullValue());
            assertThat(client.awaitClose(3000), is(true));
        }
        assertContextsFreed();
    }

    @Test
    void httpStatusStopAndOwnership() throws Exception {
        TestUsers.User owner = TestUsers.create(env, "owner");
        TestUsers.User other = TestUsers.create(env, "other");
        assertThat(http.get("/api/streaming/status", null).status(), is(401));
        try (StreamClient client = StreamClient.connect(uri, "/", owner.bearer())) {
            client.config(Map.of("rtmp_url", "rtmp://127.0.0.1:1/live", "stream_key", "abcdefghijk", "title", "标题"));
            String id = client.awaitType("started", 5000).path("session_id").asText();
            HttpReply status = http.get("/api/streaming/status", owner.token());
            assertThat(status.toString(), status.status(), is(200));
            JsonNode sessions = status.json().path("data").path("sessions");
            assertThat(sessions.size(), is(1));
            assertThat(sessions.get(0).path("session_id").asText(), is(id));
            assertThat(sessions.get(0).path("is_streaming").asBoolean(), is(false));
            assertThat(sessions.get(0).path("destinations").get(0).path("url").asText(), is("rtmp://127.0.0.1:1/live/abcd****"));
            assertThat(http.get("/api/streaming/status", other.token()).json().path("data").path("sessions").size(), is(0));
            assertThat(http.get("/api/streaming/sessions/" + id, owner.token()).status(), is(200));
            assertThat(http.get("/api/streaming/sessions/" + id, other.token()).status(), is(403));
            assertThat(http.get("/api/streaming/sessions/nope", owner.token()).status(), is(404));
            assertThat(http.send(http.request("/api/streaming/sessions/" + id).header("Authorization", other.bearer())
                    .DELETE().build()).status(), is(403));
            HttpReply stop = http.send(http.request("/api/streaming/sessions/" + id).header("Authorization", owner.bearer())
                    .DELETE().build());
            assertThat(stop.toString(), stop.status(), is(202));
            assertThat(client.awaitType("ended", 3000).path("reason").asText(), is("stopped"));
            assertThat(client.awaitClose(3000), is(true));
            assertThat(client.closeCode(), is(1000));
        }
    }

    @Test
    void perUserSessionLimit() throws Exception {
        TestUsers.User user = TestUsers.create(env, "limit");
        try (StreamClient a = StreamClient.connect(uri, "/", user.bearer());
             StreamClient b = StreamClient.connect(uri, "/", user.bearer());
             StreamClient c = StreamClient.connect(uri, "/", user.bearer())) {
            a.config(config("rtmp://127.0.0.1:1/live", "k1"));
            assertThat(a.awaitType("started", 5000), notNullValue());
            b.config(config("rtmp://127.0.0.1:1/live", "k2"));
            assertThat(b.awaitType("started", 5000), notNullValue());
            c.config(config("rtmp://127.0.0.1:1/live", "k3"));
            assertRefused(c, "每个用户最多同时推流 2 路", 1013);
        }
    }

    @Test
    void controlMessagesAreAnswered() throws Exception {
        TestUsers.User user = TestUsers.create(env, "control");
        try (StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(config("rtmp://127.0.0.1:1/live", "k1"));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.text("{\"action\":\"pause_stream\"}");
            assertThat(client.await(m -> m.path("paused").asBoolean(), 3000), notNullValue());
            client.text("{\"action\":\"dance\"}");
            assertThat(client.await(m -> "unknown_action".equals(m.path("code").asText()), 3000), notNullValue());
            client.text("not json");
            assertThat(client.await(m -> "invalid_message".equals(m.path("code").asText()), 3000), notNullValue());
            client.text("{\"action\":\"end_stream\"}");
            assertThat(client.awaitType("ended", 3000).path("reason").asText(), is("client_end"));
            assertThat(client.awaitClose(3000), is(true));
        }
    }

    @Test
    void theStreamRecordGoesLiveAndEnds() throws Exception {
        TestUsers.User user = TestUsers.create(env, "record");
        try (RtmpSink sink = RtmpSink.start()) {
            long recordId = TestUsers.streamRecord(env, user, sink.key());
            TestMedia.Clip clip = TestMedia.h264Opus(160, 120, 25, 2);
            try (StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
                client.config(config(sink.serverUrl(), sink.key()));
                assertThat(client.awaitType("started", 5000), notNullValue());
                client.play(clip.bytes(), 4, 2, 0, 0.6);
                assertThat(client.awaitType("connected", 5000), notNullValue());
                assertThat(awaitLive(recordId, true), is(true));
                client.closeNormally();
                assertThat(sink.awaitEnd(5000), notNullValue());
            }
            assertThat(awaitLive(recordId, false), is(true));
            assertThat(env.db().get("SELECT COALESCE(end_time, -1) AS e FROM streams WHERE id = ?", recordId).orElseThrow()
                    .column("e").get(Number.class).longValue() > 0, is(true));
        }
        assertContextsFreed();
    }

    private boolean awaitLive(long recordId, boolean live) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean now = env.db().get("SELECT is_live FROM streams WHERE id = ?", recordId).orElseThrow()
                    .column("is_live").get(Boolean.class);
            if (now == live) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    static void assertContextsFreed() throws InterruptedException {
        assertContextsFreedWithin(2_000);
    }

    /**
     * Waits until every pipeline thread has ended and every native context is freed. Waiting for the
     * threads too matters: a session whose pipeline has not opened anything yet also shows 0 contexts.
     */
    static void assertContextsFreedWithin(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while ((Ffmpeg.liveContexts() > 0 || !pipelineThreads().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int live = Ffmpeg.liveContexts();
        List<Thread> running = pipelineThreads();
        if (live != 0 || !running.isEmpty()) {
            throw new AssertionError(live + " native contexts and " + running.size() + " pipeline threads left after "
                    + millis + " ms" + stacks(running));
        }
    }

    private static List<Thread> pipelineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("stream-") && thread.isAlive())
                .toList();
    }

    /** What the late pipeline threads are doing. */
    private static String stacks(List<Thread> threads) {
        StringBuilder report = new StringBuilder();
        for (Thread thread : threads) {
            report.append('\n').append(thread.getName()).append(' ').append(thread.getState());
            for (StackTraceElement frame : thread.getStackTrace()) {
                report.append("\n    at ").append(frame);
            }
        }
        return report.toString();
    }

}
