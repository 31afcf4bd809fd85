package io.streamcream.streaming;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;
import io.streamcream.streaming.media.Ffmpeg;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/** Real media through the WebSocket to a real RTMP listener, checked with FFmpeg's FLV demuxer. */
@ServerTest
class StreamingEndToEndIT {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of(
            "streaming.connect-timeout", "PT2S",
            "streaming.write-timeout", "PT2S"));
    static final int FPS = 25;
    static final double SECONDS = 4;
    static final TestMedia.Clip VP8 = TestMedia.vp8Opus(320, 240, FPS, SECONDS);
    static final TestMedia.Clip H264 = TestMedia.h264Opus(320, 240, FPS, SECONDS);
    static final TestMedia.Clip MP4 = TestMedia.h264AacFragmentedMp4(320, 240, FPS, SECONDS);

    private final URI uri;
    private final TestUsers.User user;

    StreamingEndToEndIT(URI uri) {
        this.uri = uri;
        this.user = TestUsers.create(ENV, "e2e");
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        TestEnvironment.localhost(server);
        Main.setup(server, ENV.platform());
    }

    @AfterAll
    static void close() {
        ENV.close();
    }

    private Map<String, Object> config(RtmpSink sink) {
        return Map.of("rtmp_url", sink.serverUrl() + "/", "stream_key", sink.key(), "fps", FPS, "bitrate", 500);
    }

    @Test
    void vp8OpusIsTranscodedToH264AacAtRealTime() throws Exception {
        try (RtmpSink sink = RtmpSink.start();
             StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
            client.config(config(sink));
            JsonNode started = client.awaitType("started", 5000);
            assertThat(client.messages().toString(), started, notNullValue());
            client.play(VP8.bytes(), 40, SECONDS, 2.0, 1.0);
            assertThat("connected", client.awaitType("connected", 5000).path("mode").asText(), is("transcode"));
            assertThat(client.awaitType("status", 3000), notNullValue());
            client.text("{\"action\":\"end_stream\"}");
            JsonNode ended = client.awaitType("ended", 10_000);
            assertThat(client.messages().toString(), ended.path("reason").asText(), is("client_end"));
            assertThat(client.awaitClose(5000), is(true));
            assertThat(client.closeCode(), is(1000));
            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat(received, notNullValue());
            assertThat(received.videoCodec(), is("h264"));
            assertThat(received.audioCodec(), is("aac"));
            assertThat((double) received.videoPackets(), closeTo(VP8.videoFrames(), VP8.videoFrames() * 0.05));
            assertThat(received.videoSeconds(FPS), closeTo(SECONDS, SECONDS * 0.05));
            assertThat((double) received.lastAudioMillis() / 1000, closeTo(SECONDS, SECONDS * 0.05));
            assertThat(ended.path("status").path("frames_sent").asLong(), is(received.videoPackets()));
            assertThat(received.keyframeMillis().size(), greaterThan(1));
            assertThat(Ffmpeg.liveContexts(), is(0));
        }
    }

    @Test
    void h264IsCopiedWithoutReencoding() throws Exception {
        try (RtmpSink sink = RtmpSink.start();
             StreamClient client = StreamClient.connect(uri, "/api/streaming/ws", user.bearer())) {
            client.config(config(sink));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.play(H264.bytes(), 20, SECONDS, 0, 1.0);
            assertThat(client.awaitType("connected", 5000).path("mode").asText(), is("copy"));
            client.text("{\"action\":\"end_stream\"}");
            JsonNode ended = client.awaitType("ended", 10_000);
            assertThat(ended, notNullValue());
            assertThat("Opus has to become AAC for FLV", ended.path("status").path("audio_mode").asText(),
                    is("transcode"));
            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat(received.videoCodec(), is("h264"));
            assertThat(received.audioCodec(), is("aac"));
            assertThat(received.videoPackets(), is((long) H264.videoFrames()));
            assertThat(received.videoSeconds(FPS), closeTo(SECONDS, SECONDS * 0.05));
            assertThat(received.keyframeMillis().getFirst(), is(received.firstVideoMillis()));
            JsonNode latency = ended.path("status").path("latency_ms");
            assertThat(latency.toString(), latency.path("packets").asLong(),
                    is(received.videoPackets() + received.audioPackets()));
            assertThat(latency.toString(), latency.path("p95").asDouble(), lessThan(1000.0));
            assertThat(Ffmpeg.liveContexts(), is(0));
        }
    }

    @Test
    void fragmentedMp4FromSafariIsCopied() throws Exception {
        try (RtmpSink sink = RtmpSink.start();
             StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
            client.config(config(sink));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.play(MP4.bytes(), 20, SECONDS, 0, 1.0);
            assertThat(client.messages().toString(), client.awaitType("connected", 5000).path("mode").asText(),
                    is("copy"));
            client.text("{\"action\":\"end_stream\"}");
            JsonNode ended = client.awaitType("ended", 10_000);
            assertThat(client.messages().toString(), ended.path("reason").asText(), is("client_end"));
            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat(received, notNullValue());
            assertThat(received.videoCodec(), is("h264"));
            assertThat(received.audioCodec(), is("aac"));
            assertThat("AAC from the MP4 is passed through, not re-encoded",
                    ended.path("status").path("audio_mode").asText(), is("copy"));
            assertThat(received.videoPackets(), is((long) MP4.videoFrames()));
            assertThat(received.videoSeconds(FPS), closeTo(SECONDS, SECONDS * 0.05));
            assertThat((double) received.lastAudioMillis() / 1000, closeTo(SECONDS, SECONDS * 0.05));
            assertThat(received.keyframeMillis().getFirst(), is(received.firstVideoMillis()));
            assertThat(ended.path("status").path("errors").size(), is(0));
        }
        StreamingProtocolTests.assertContextsFreed();
    }

    @Test
    void disconnectMidStreamClosesRtmpAndFreesContextsWithinTwoSeconds() throws Exception {
        try (RtmpSink sink = RtmpSink.start();
             StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
            client.config(config(sink));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.play(VP8.bytes(), 40, SECONDS, 1.0, 0.5);
            assertThat(sink.awaitConnected(5000), is(true));
            long dropped = System.nanoTime();
            client.drop();
            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat(received, notNullValue());
            assertThat((sink.closedNanos() - dropped) / 1e9, lessThan(2.0));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (Ffmpeg.liveContexts() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat((System.nanoTime() - dropped) / 1e9, lessThan(2.0));
            assertThat(Ffmpeg.liveContexts(), is(0));
            assertThat(received.videoPackets(), greaterThan(0L));
        }
    }

    @Test
    void pauseAndResumeKeepTheStream() throws Exception {
        try (RtmpSink sink = RtmpSink.start();
             StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(config(sink));
            assertThat(client.awaitType("started", 5000), notNullValue());
            client.play(VP8.bytes(), 40, SECONDS, 0, 0.5);
            assertThat(client.awaitType("connected", 5000), notNullValue());
            client.text("{\"action\":\"pause_stream\"}");
            JsonNode paused = client.await(m -> m.path("paused").asBoolean(), 3000);
            assertThat(paused.path("is_streaming").asBoolean(), is(false));
            Thread.sleep(500);
            client.text("{\"action\":\"resume_stream\"}");
            assertThat(client.await(m -> "status".equals(m.path("type").asText()) && m.path("is_streaming").asBoolean()
                    && !m.path("paused").asBoolean(), 3000), notNullValue());
            byte[] rest = java.util.Arrays.copyOfRange(VP8.bytes(), (int) (VP8.bytes().length * 0.5), VP8.bytes().length);
            client.play(rest, 20, SECONDS / 2, 0, 1.0);
            client.text("{\"action\":\"end_stream\"}");
            assertThat(client.awaitType("ended", 10_000).path("reason").asText(), is("client_end"));
            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat((double) received.videoPackets(), closeTo(VP8.videoFrames(), VP8.videoFrames() * 0.05));
        }
        StreamingProtocolTests.assertContextsFreed();
    }

    @Test
    void oneDeadDestinationDoesNotStopTheOthers() throws Exception {
        try (RtmpSink sink = RtmpSink.start();
             StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(Map.of("rtmp_url", sink.serverUrl(), "stream_key", sink.key(),
                    "destinations", java.util.List.of("rtmp://127.0.0.1:" + RtmpSink.freePort() + "/live/deadkey123")));
            assertThat(client.awaitType("started", 5000).path("destinations").size(), is(2));
            client.play(H264.bytes(), 20, SECONDS, 0, 1.0);
            JsonNode failed = client.await(m -> "destination_failed".equals(m.path("code").asText()), 5000);
            assertThat(client.messages().toString(), failed.path("destination").asText(), endsWith("/live/dead****"));
            assertThat(failed.path("error").asText(), endsWith("Connection refused (-111)"));
            assertThat(client.awaitType("connected", 5000).path("destinations").size(), is(1));
            client.text("{\"action\":\"end_stream\"}");
            JsonNode ended = client.awaitType("ended", 10_000);
            assertThat(ended.path("reason").asText(), is("client_end"));
            assertThat(ended.path("status").path("errors").size(), is(1));
            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat(received.videoPackets(), is((long) H264.videoFrames()));
        }
        StreamingProtocolTests.assertContextsFreed();
    }

    @Test
    void aSilentRtmpServerIsDetectedByTheConnectDeadline() throws Exception {
        try (java.net.ServerSocket blackhole = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             StreamClient client = StreamClient.connect(uri, "/", user.bearer())) {
            client.config(Map.of("rtmp_url", "rtmp://127.0.0.1:" + blackhole.getLocalPort() + "/live", "stream_key", "k"));
            assertThat(client.awaitType("started", 5000), notNullValue());
            long start = System.nanoTime();
            client.play(H264.bytes(), 20, SECONDS, 0, 0.3);
            JsonNode error = client.await(m -> "stream_failed".equals(m.path("code").asText()), 5000);
            assertThat(client.messages().toString(), error.path("error").asText(), containsString("连接超时"));
            assertThat((System.nanoTime() - start) / 1e9, lessThan(4.0));
            assertThat(client.awaitClose(3000), is(true));
            assertThat(client.closeCode(), is(1011));
        }
        StreamingProtocolTests.assertContextsFreed();
    }
}
