package io.streamcream.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

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
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A bounded leak check: 200 short sessions (H.264 copy and VP8 transcode, to a live RTMP listener or
 * to a closed port, ended by {@code end_stream}, a normal close or a dropped connection) must leave no
 * native context, thread, file descriptor or noticeable resident memory behind.
 */
@ServerTest
class StreamingLeakIT {

    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of(
            "streaming.connect-timeout", "PT2S",
            "streaming.max-sessions-per-user", "20"));
    static final int FPS = 25;
    static final TestMedia.Clip H264 = TestMedia.h264Opus(320, 240, FPS, 1);
    static final TestMedia.Clip VP8 = TestMedia.vp8Opus(320, 240, FPS, 1);
    static final int WARM_UP = 20;
    /** 200 in the test suite; {@code -Dstreaming.leak.sessions=1000} for the soak, run by hand. */
    static final int SESSIONS = Integer.getInteger("streaming.leak.sessions", 200);
    static final int CHUNKS = 8;
    static final int SENT_CHUNKS = 3;
    /** Allowed growth after the warm-up: 48 MiB for 200 sessions (under 250 KiB each), and no more for longer soaks. */
    static final long MAX_RSS_GROWTH_KIB = 48 * 1024;
    static final long MAX_THREAD_GROWTH = 8;
    static final long MAX_FD_GROWTH = 8;

    private final URI uri;
    private final TestUsers.User user;
    private long slowestFreeMillis;
    private long slowestServerCloseMillis = -1;

    StreamingLeakIT(URI uri) {
        this.uri = uri;
        this.user = TestUsers.create(ENV, "leak");
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

    @Test
    void twoHundredShortSessionsLeaveNothingBehind() throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            session(i);
        }
        settle();
        long threads = status("Threads");
        long rss = status("VmRSS");
        long heap = heapKib();
        long descriptors = descriptors();

        for (int i = 0; i < SESSIONS / 2; i++) {
            session(i);
        }
        settle();
        long rssHalf = status("VmRSS");
        long heapHalf = heapKib();
        for (int i = SESSIONS / 2; i < SESSIONS; i++) {
            session(i);
        }
        settle();
        long threadsAfter = status("Threads");
        long rssAfter = status("VmRSS");
        long heapAfter = heapKib();
        long descriptorsAfter = descriptors();
        String report = "threads " + threads + " -> " + threadsAfter + ", RSS " + rss + " -> " + rssHalf + " -> "
                + rssAfter + " KiB, committed heap " + heap + " -> " + heapHalf + " -> " + heapAfter
                + " KiB, file descriptors " + descriptors + " -> " + descriptorsAfter + ", slowest free after the client's end "
                + slowestFreeMillis + " ms, slowest server close_ms " + slowestServerCloseMillis;
        System.out.println("StreamingLeakIT: " + report);
        assertThat(report, Ffmpeg.liveContexts(), is(0));
        assertThat(report, slowestServerCloseMillis, lessThanOrEqualTo(StreamSession.CLOSE_PROMISE_MILLIS));
        assertThat(report, threadsAfter - threads, lessThanOrEqualTo(MAX_THREAD_GROWTH));
        assertThat(report, descriptorsAfter - descriptors, lessThanOrEqualTo(MAX_FD_GROWTH));
        // Resident memory outside the committed Java heap (the heap is bounded by -Xmx anyway).
        long nativeGrowth = (rssAfter - heapAfter) - (rss - heap);
        assertThat(report, nativeGrowth, lessThan(MAX_RSS_GROWTH_KIB));
    }

    /** One short session; returns once its pipeline freed every native context. */
    private void session(int index) throws Exception {
        boolean live = index % 2 == 0;
        TestMedia.Clip clip = (index / 2) % 2 == 0 ? H264 : VP8;
        RtmpSink sink = live ? RtmpSink.start() : null;
        try {
            List<JsonNode> messages;
            try (StreamClient client = StreamClient.connect(uri, "/?token=" + user.token(), null)) {
                String url = live ? sink.serverUrl() : "rtmp://127.0.0.1:" + RtmpSink.freePort() + "/live";
                client.config(Map.of("rtmp_url", url, "stream_key", "leak" + index));
                assertThat(client.messages().toString(), client.awaitType("started", 5000), notNullValue());
                byte[] bytes = clip.bytes();
                int size = (bytes.length + CHUNKS - 1) / CHUNKS;
                for (int chunk = 0; chunk < SENT_CHUNKS; chunk++) {
                    byte[] piece = Arrays.copyOfRange(bytes, chunk * size, Math.min(bytes.length, (chunk + 1) * size));
                    // Against a closed port the server may already have closed the socket.
                    if (!quietly(() -> client.binary(piece))) {
                        break;
                    }
                }
                switch (index % 3) {
                case 0 -> {
                    if (quietly(() -> client.text("{\"action\":\"end_stream\"}"))) {
                        assertThat(client.awaitClose(5000), is(true));
                    }
                }
                case 1 -> quietly(client::closeNormally);
                default -> client.drop();
                }
                messages = client.messages();
            }
            // The promise, per session: every context freed within 2 s of the client's end, drop or close.
            long closedAt = System.nanoTime();
            StreamingProtocolTests.assertContextsFreedWithin(2_000);
            slowestFreeMillis = Math.max(slowestFreeMillis, (System.nanoTime() - closedAt) / 1_000_000);
            // The server's own measure, from the end request to the last context freed (only sessions told "ended").
            messages.stream().filter(m -> m.path("type").asText().equals("ended")).findFirst()
                    .map(m -> m.path("status").path("close_ms").asLong(-1))
                    .ifPresent(millis -> slowestServerCloseMillis = Math.max(slowestServerCloseMillis, millis));
            // A dropped connection may end the stream before the pipeline connected to the listener.
            if (sink != null && sink.awaitConnected(0)) {
                assertThat("session " + index, sink.awaitEnd(5000), notNullValue());
            }
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }

    private static boolean quietly(Runnable send) {
        try {
            send.run();
            return true;
        } catch (CompletionException | IllegalStateException e) {
            return false;
        }
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
    }

    /** A value in KiB or a count from {@code /proc/self/status}. */
    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(field + " is not in /proc/self/status");
    }

    private static long heapKib() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
    }

    private static long descriptors() {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
