package io.streamcream.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.json.Json;
import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser: headless Chromium records a canvas animation and a WebAudio tone with
 * MediaRecorder ({@code video/webm; codecs=vp8,opus}) and streams the chunks over the WebSocket; the
 * RTMP listener must receive H.264 + AAC. The page reports its own outcome back over HTTP. Skipped
 * where Chromium is not installed (CI installs it in {@code .ci/run}).
 */
@ServerTest
class StreamingBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final TestEnvironment ENV = TestEnvironment.create(TestDatabase.H2, Map.of(
            "streaming.connect-timeout", "PT2S"));
    static final int FPS = 25;
    static final double SECONDS = 4;
    static final int TIMESLICE_MILLIS = 200;

    private final URI uri;

    StreamingBrowserIT(URI uri) {
        this.uri = uri;
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
    void chromiumMediaRecorderStreamArrivesAsH264AndAac() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM + " (CI installs it)");
        TestUsers.User user = TestUsers.create(ENV, "browser");
        Path profile = Files.createTempDirectory("streamcream-chromium-");
        Path log = profile.resolve("chromium.log");
        CompletableFuture<String> report = new CompletableFuture<>();
        HttpServer pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Process chromium = null;
        try (RtmpSink sink = RtmpSink.start()) {
            String page = page(Map.of(
                    "ws", "ws://127.0.0.1:" + uri.getPort() + "/?token=" + user.token(),
                    "config", Map.of("rtmp_url", sink.serverUrl(), "stream_key", sink.key(), "fps", FPS,
                            "bitrate", 600, "title", "browser test"),
                    "fps", FPS,
                    "timeslice", TIMESLICE_MILLIS,
                    "seconds", SECONDS));
            pages.createContext("/", exchange -> {
                if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/report")) {
                    try (InputStream body = exchange.getRequestBody()) {
                        report.complete(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    respond(exchange, 204, "text/plain", new byte[0]);
                } else if (exchange.getRequestURI().getPath().equals("/")) {
                    respond(exchange, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
                } else {
                    respond(exchange, 404, "text/plain", new byte[0]);
                }
            });
            pages.start();
            chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                    "--user-data-dir=" + profile,
                    "http://127.0.0.1:" + pages.getAddress().getPort() + "/"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();

            String text;
            try {
                text = report.get(25, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("The page did not report within 25 s; Chromium said:\n" + tail(log), e);
            }
            JsonNode result = Json.parse(text);
            assertThat(text + "\n" + tail(log), result.path("ok").asBoolean(), is(true));
            assertThat(text, result.path("chunks").asInt(), greaterThanOrEqualTo((int) (SECONDS * 1000 / TIMESLICE_MILLIS / 2)));
            JsonNode ended = result.path("ended");
            assertThat(text, ended.path("reason").asText(), is("client_end"));
            assertThat(text, ended.path("status").path("mode").asText(), is("transcode"));
            assertThat(text, ended.path("status").path("errors").size(), is(0));

            RtmpSink.Received received = sink.awaitEnd(5000);
            assertThat(received, notNullValue());
            assertThat(received.toString(), received.videoCodec(), is("h264"));
            assertThat(received.toString(), received.audioCodec(), is("aac"));
            double recorded = result.path("recordedSeconds").asDouble();
            // Headless Chromium paints the canvas on its own clock: allow for dropped frames, not for a stall.
            assertThat(received.toString(), (double) received.videoPackets(), greaterThan(FPS * recorded * 0.5));
            assertThat(received.toString(), received.videoSeconds(FPS), closeTo(recorded, recorded * 0.15));
            assertThat(received.toString(), received.lastAudioMillis() / 1000.0, closeTo(recorded, recorded * 0.15));
            assertThat(ended.path("status").path("frames_sent").asLong(), is(received.videoPackets()));
        } finally {
            stop(chromium);
            pages.stop(0);
            delete(profile);
        }
        StreamingProtocolTests.assertContextsFreed();
    }

    private static String page(Map<String, Object> settings) throws IOException {
        try (InputStream in = StreamingBrowserIT.class.getResourceAsStream("/browser-stream.html")) {
            assertThat("browser-stream.html on the test class path", in, notNullValue());
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return template.replace("/*SETTINGS*/null", Json.text(settings));
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** Ends Chromium and every process it started (zygote, renderer, GPU and utility processes). */
    private static void stop(Process chromium) throws InterruptedException {
        if (chromium == null) {
            return;
        }
        List<ProcessHandle> children = chromium.descendants().toList();
        chromium.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!chromium.waitFor(3, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            chromium.waitFor(2, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no Chromium log: " + e.getMessage() + ")";
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(StreamingBrowserIT.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not delete the Chromium profile " + directory, e);
        }
    }
}
