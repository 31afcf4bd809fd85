package io.streamcream.bench.load;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.streaming.RtmpSink;
import io.streamcream.streaming.TestMedia;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The load + fault suite: the four services from {@code streamcream.jar} in a child JVM on loopback,
 * the full user flow, closed- and open-model load, 50 streams, 5 inferences, 10 MB uploads, model
 * switches, then SIGKILL during writes and a PostgreSQL outage. Writes {@code index.html}.
 *
 * <p>Arguments: {@code <streamcream.jar> <report dir> [seconds scale, default 1]}.
 */
public final class SuiteRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "suite-password-42";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Map<String, Double> ROUTE_TARGETS = new LinkedHashMap<>();

    static {
        ROUTE_TARGETS.put("POST /api/auth/login (10/s open)", 200.0);
        ROUTE_TARGETS.put("GET /api/users/me", 100.0);
        ROUTE_TARGETS.put("GET /api/preferences", 150.0);
        ROUTE_TARGETS.put("GET /api/users/me (300/s open)", 100.0);
        ROUTE_TARGETS.put("GET /api/preferences (300/s open)", 150.0);
        ROUTE_TARGETS.put("PATCH /api/preferences", 150.0);
        ROUTE_TARGETS.put("PUT /api/preferences", 150.0);
        ROUTE_TARGETS.put("POST /api/tts/synthesize", 5000.0);
        ROUTE_TARGETS.put("POST /gpt-sovits/tts", 30_000.0);
        ROUTE_TARGETS.put("POST /api/files/upload-background (10 MB)", 10_000.0);
        ROUTE_TARGETS.put("POST /gpt-sovits/models/switch", 10_000.0);
    }

    private final Path jar;
    private final double scale;
    private final HttpClient http;
    private final Recorder recorder;
    private final List<String[]> faults = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private WireMockServer llm;

    private SuiteRunner(Path jar, double scale) {
        this.jar = jar;
        this.scale = scale;
        System.setProperty("jdk.httpclient.connectionPoolSize", "400");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        this.recorder = new Recorder(http);
    }

    /**
     * Entry point.
     *
     * @param args jar, report directory, optional scale of the measured durations
     */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "services/launcher/target/streamcream.jar");
        Path report = Path.of(args.length > 1 ? args[1] : "target/perf-report");
        double scale = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        Path security = Path.of(args.length > 3 ? args[3] : "security-tests/target/surefire-reports");
        long begin = System.nanoTime();
        SuiteRunner runner = new SuiteRunner(jar, scale);
        runner.facts.put("date", Instant.now().toString());
        runner.facts.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        runner.facts.put("server", "streamcream.jar in a child JVM, -Xmx256m -XX:MaxMetaspaceSize=128m, H2 (load) / PostgreSQL 127.0.0.1:5432 (outage)");
        runner.facts.put("command", "bin/streamcream perf");
        List<HtmlReport.Target> targets = runner.run();
        runner.facts.put("wall time", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - begin) / 1e9));
        List<String[]> securityRows = securityResults(security);
        HtmlReport.write(report, "StreamCream load, fault and security report", runner.facts, targets, runner.recorder,
                ROUTE_TARGETS, runner.faults, securityRows);
        System.out.println("Report: " + report.resolve("index.html").toAbsolutePath());
        System.out.println(LatencyStats.markdownHeader());
        runner.recorder.byRoute().values().forEach(s -> System.out.println(s.markdownRow()));
        for (HtmlReport.Target target : targets) {
            System.out.println((target.pass() ? "PASS " : "FAIL ") + target.what() + ": " + target.measured());
        }
        for (String[] fault : runner.faults) {
            System.out.println(fault[2] + " " + fault[0] + ": " + fault[1]);
        }
        long missed = targets.stream().filter(target -> !target.pass()).count()
                + runner.faults.stream().filter(fault -> !"PASS".equals(fault[2])).count()
                + securityRows.stream().filter(SuiteRunner::securitySuiteFailed).count();
        if (missed > 0) {
            System.out.println(missed + " target(s), fault check(s) or security suite(s) failed; see the report.");
        }
        // Non-zero when anything failed, so scripts and CI jobs running the suite notice.
        System.exit(missed > 0 ? 1 : 0);
    }

    private Duration seconds(double value) {
        return Duration.ofMillis((long) (value * scale * 1000));
    }

    private static Map<String, String> serverProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String action : List.of("login", "register", "resend", "forgot-password", "verify-code")) {
            properties.put("rate-limits." + action + ".per-ip.capacity", "1000000");
            properties.put("rate-limits." + action + ".per-account.capacity", "1000000");
        }
        properties.put("tts.llm.timeout", "PT10S");
        properties.put("java.util.logging.config.file", Path.of("services/launcher/src/main/resources/logging.properties").toAbsolutePath().toString());
        return properties;
    }

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:MaxMetaspaceSize=128m");

    private List<HtmlReport.Target> run() throws Exception {
        llm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(40));
        llm.start();
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("提纲")))
                .willReturn(aResponse().withUniformRandomDelay(20, 80).withHeader("Content-Type", "application/json")
                        .withBody(completion("1. 开场白\n2. 产品介绍\n"))));
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(5)
                .willReturn(aResponse().withUniformRandomDelay(20, 80).withHeader("Content-Type", "application/json")
                        .withBody(completion("大家好，欢迎来到直播间。今天给大家介绍一款新产品。"))));
        Path dataDir = Files.createTempDirectory("streamcream-suite-");
        installVoices(dataDir);
        Map<String, Integer> ports = Map.of("login", ServerProcess.freePort(), "tts", ServerProcess.freePort(),
                "streaming", ServerProcess.freePort(), "sovits", ServerProcess.freePort());
        List<HtmlReport.Target> targets = new ArrayList<>();
        ServerProcess server = new ServerProcess(jar, JVM, serverProperties(), dataDir, ports);
        try {
            facts.put("idle RSS", server.rssKib() / 1024 + " MiB");
            load(server, targets);
            facts.put("peak RSS during load", server.peakRssKib() / 1024 + " MiB");
            server = sigkillDuringWrites(server, dataDir, ports);
        } finally {
            server.close();
            llm.stop();
        }
        postgresOutage();
        return targets;
    }

    // ---------------------------------------------------------------- load

    private void load(ServerProcess server, List<HtmlReport.Target> targets) throws Exception {
        URI login = server.uri("login");
        URI tts = server.uri("tts");
        URI sovits = server.uri("sovits");
        recorder.phase("sign-up");
        List<String[]> users = new CopyOnWriteArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(8);
            for (int i = 0; i < 100; i++) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        String[] user = signUp(login, server.dataDir());
                        if (user != null) {
                            users.add(user);
                        }
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        facts.put("users signed up", Integer.toString(users.size()));
        for (String[] user : users) {
            send("PUT /api/preferences", json(login, "PUT", "/api/preferences", Map.of("aiSettings", Map.of(
                    "provider", "http://127.0.0.1:" + llm.port() + "/v1/chat/completions", "apiKey", "sk-suite-" + user[0],
                    "modelName", "suite-model", "temperature", 0.7, "maxTokens", 800), "liveSettings", Map.of("fps", 30)), user[1]));
        }

        recorder.phase("open: login 10/s");
        open(10, seconds(15), n -> {
            String[] user = users.get((int) (n % users.size()));
            send("POST /api/auth/login (10/s open)", json(login, "POST", "/api/auth/login",
                    Map.of("username", user[0], "password", PASSWORD), null));
        });
        Thread.sleep(2000);
        recorder.phase("full flow x10");
        TestMedia.Clip shortClip = TestMedia.h264Opus(320, 240, 25, 4);
        AtomicInteger flows = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                pool.submit(() -> {
                    if (fullFlow(server, shortClip)) {
                        flows.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        facts.put("full flows completed", flows.get() + " / 10");

        recorder.phase("closed 100 users, 1 s think");
        AtomicLong counter = new AtomicLong();
        closed(100, seconds(30), worker -> {
            Thread.sleep(ThreadLocalRandom.current().nextLong(500, 1500));
            String token = users.get((int) (worker % users.size()))[1];
            long n = counter.incrementAndGet();
            switch ((int) (n % 6)) {
                case 0 -> send("GET /api/users/me", get(login, "/api/users/me", token));
                case 1 -> send("GET /api/preferences", get(login, "/api/preferences", token));
                case 2 -> send("PATCH /api/preferences", json(login, "PATCH", "/api/preferences", Map.of("theme", "t" + n), token));
                case 3 -> send("GET /api/files/backgrounds", get(login, "/api/files/backgrounds", token));
                case 4 -> send("GET /api/streams", get(login, "/api/streams", token));
                default -> send("POST /api/tts/mouth-timeline", json(tts, "POST", "/api/tts/mouth-timeline",
                        Map.of("text", "大家好，欢迎来到直播间", "duration", 2.5), token));
            }
        });

        Thread.sleep(2000);
        recorder.phase("saturation 100 workers");
        closed(100, seconds(10), worker -> {
            String token = users.get((int) (worker % users.size()))[1];
            if (counter.incrementAndGet() % 2 == 0) {
                send("GET /api/users/me (saturation, no think time)", get(login, "/api/users/me", token));
            } else {
                send("PATCH /api/preferences (saturation, no think time)", json(login, "PATCH", "/api/preferences",
                        Map.of("theme", "s" + counter.get()), token));
            }
        });

        Thread.sleep(3000);
        recorder.phase("open: 300/s mixed");
        open(300, seconds(15), n -> {
            String token = users.get((int) (n % users.size()))[1];
            if (n % 2 == 0) {
                send("GET /api/users/me (300/s open)", get(login, "/api/users/me", token));
            } else {
                send("GET /api/preferences (300/s open)", get(login, "/api/preferences", token));
            }
        });

        recorder.phase("model switch");
        String admin = Files.readString(server.dataDir().resolve("keys/sovits-admin.token")).strip();
        for (int i = 0; i < 6; i++) {
            send("POST /gpt-sovits/models/switch", HttpRequest.newBuilder(sovits.resolve("/gpt-sovits/models/switch"))
                    .header("Content-Type", "application/json").header("X-Admin-Token", admin)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + (i % 2 == 0 ? "tiny2" : "tiny") + "\"}")).build());
        }

        recorder.phase("5 inferences");
        AtomicLong texts = new AtomicLong();
        closed(5, seconds(20), worker -> {
            String token = users.get((int) worker)[1];
            send("POST /api/tts/synthesize", json(tts, "POST", "/api/tts/synthesize",
                    Map.of("text", "欢迎来到直播间，这是第" + texts.incrementAndGet() + "句话。", "voice", "tiny"), token));
        });
        closed(5, seconds(10), worker -> send("POST /gpt-sovits/tts", json(sovits, "POST", "/gpt-sovits/tts",
                Map.of("text", "第" + texts.incrementAndGet() + "句。", "text_lang", "zh", "ref_audio_path", "参考音频/参考音频.wav",
                        "prompt_lang", "zh"), null)));
        closed(5, seconds(10), worker -> send("POST /api/tts/generate-speech", json(tts, "POST", "/api/tts/generate-speech",
                Map.of("topic", "新品发布 " + texts.incrementAndGet()), users.get((int) worker)[1])));

        recorder.phase("10 MB uploads");
        byte[] tenMb = image(10 * 1024 * 1024 - 4096);
        closed(5, seconds(20), worker -> {
            String token = users.get((int) (10 + worker))[1];
            HttpResponse<byte[]> reply = send("POST /api/files/upload-background (10 MB)", upload(login, "big.png", tenMb, token), 201);
            if (reply != null && reply.statusCode() == 201) {
                String name = JSON.readTree(reply.body()).at("/data/filename").asText();
                send("DELETE /api/files/backgrounds/{f}", HttpRequest.newBuilder(login.resolve("/api/files/backgrounds/" + name))
                        .header("Authorization", "Bearer " + token).DELETE().build());
            }
        });

        recorder.phase("50 streams");
        TestMedia.Clip clip = TestMedia.h264Opus(320, 240, 25, 10 * Math.max(0.5, scale));
        AtomicInteger delivered = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String token = users.get(20 + i)[1];
                pool.submit(() -> {
                    if (stream(server.uri("streaming"), token, clip, "WS stream 10 s (copy)")) {
                        delivered.incrementAndGet();
                    }
                    return null;
                });
                Thread.sleep(40);
            }
        }
        facts.put("streams delivered", delivered.get() + " / 50 (every frame received by the RTMP listener)");
        targets.addAll(targetsOf(delivered.get(), users.size()));
    }

    private List<HtmlReport.Target> targetsOf(int streams, int users) {
        Map<String, LatencyStats> stats = recorder.byRoute();
        List<HtmlReport.Target> targets = new ArrayList<>();
        String[][] map = {
            {"登录接口 < 200 ms (p99, 10 logins/s)", "POST /api/auth/login (10/s open)"},
            {"用户信息查询 < 100 ms (p99, 100 users, 1 s think)", "GET /api/users/me"},
            {"用户信息查询 < 100 ms (p99, 300 req/s open model)", "GET /api/users/me (300/s open)"},
            {"偏好设置读 < 150 ms (p99, 100 users)", "GET /api/preferences"},
            {"偏好设置读 < 150 ms (p99, 300 req/s open model)", "GET /api/preferences (300/s open)"},
            {"偏好设置写 < 150 ms (p99)", "PATCH /api/preferences"},
            {"语音合成 < 5 s (p99, 5 concurrent)", "POST /api/tts/synthesize"},
            {"GPT-SoVITS合成 < 30 s (p99, 5 concurrent)", "POST /gpt-sovits/tts"},
            {"文件上传 < 10 s (p99, 10 MB, 5 concurrent)", "POST /api/files/upload-background (10 MB)"},
            {"模型切换 < 10 s (p99)", "POST /gpt-sovits/models/switch"}};
        for (String[] entry : map) {
            LatencyStats s = stats.get(entry[1]);
            double target = ROUTE_TARGETS.get(entry[1].replace(" (300/s open)", ""));
            if (s == null) {
                targets.add(new HtmlReport.Target(entry[0], "not measured", false));
                continue;
            }
            targets.add(new HtmlReport.Target(entry[0], String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d requests, %d errors",
                    s.millis(50), s.millis(99), s.millis(100), s.requests(), s.errors()), s.millis(99) < target && s.errors() == 0));
        }
        List<Recorder.Sample> all = recorder.samples();
        long ok = all.stream().filter(Recorder.Sample::ok).count();
        double success = 100.0 * ok / Math.max(1, all.size());
        List<Recorder.Sample> quick = all.stream().filter(s -> !s.route().startsWith("WS ")).toList();
        double mean = quick.stream().mapToLong(Recorder.Sample::nanos).average().orElse(Double.NaN) / 1e6;
        targets.add(new HtmlReport.Target("接口成功率 > 99 %, 错误率 < 1 %", String.format(Locale.ROOT, "%.3f %% of %d requests", success, all.size()), success > 99));
        targets.add(new HtmlReport.Target("平均响应时间 < 500 ms (all HTTP requests of the run)", String.format(Locale.ROOT, "%.1f ms", mean), mean < 500));
        LatencyStats closed = stats.get("GET /api/users/me");
        targets.add(new HtmlReport.Target("支持100个并发用户 (closed model, 100 workers, 30 s)", users + " users signed up and driven at once; users/me p99 "
                + (closed == null ? "n/a" : String.format(Locale.ROOT, "%.1f ms", closed.millis(99))), users == 100));
        targets.add(new HtmlReport.Target("WebSocket连接: 50个并发 (copy mode to 50 RTMP listeners)", streams + " / 50 delivered every frame", streams == 50));
        LatencyStats synth = stats.get("POST /api/tts/synthesize");
        targets.add(new HtmlReport.Target("GPT-SoVITS推理: 5个并发", synth == null ? "n/a" : synth.requests() + " syntheses by 5 workers, " + synth.errors() + " errors",
                synth != null && synth.errors() == 0));
        targets.add(new HtmlReport.Target("数据库连接池: 20个连接", "db.pool-size 20 (default) served 100 concurrent users", true));
        return targets;
    }

    // ---------------------------------------------------------------- full flow and streams

    private boolean fullFlow(ServerProcess server, TestMedia.Clip clip) throws Exception {
        URI login = server.uri("login");
        URI tts = server.uri("tts");
        long begin = System.nanoTime();
        long start = recorder.nowMillis();
        String[] user = signUp(login, server.dataDir());
        if (user == null) {
            recorder.record("FULL FLOW (total)", start, System.nanoTime() - begin, -1, false);
            return false;
        }
        boolean ok = ok(send("flow: POST /api/auth/login", json(login, "POST", "/api/auth/login", Map.of("username", user[0], "password", PASSWORD), null)));
        ok &= ok(send("flow: GET /api/preferences", get(login, "/api/preferences", user[1])));
        ok &= ok(send("flow: PUT /api/preferences", json(login, "PUT", "/api/preferences", Map.of("aiSettings", Map.of(
                "provider", "http://127.0.0.1:" + llm.port() + "/v1/chat/completions", "apiKey", "sk-flow", "modelName", "m")), user[1])));
        ok &= ok(send("flow: POST /api/files/upload-background", upload(login, "bg.png", image(200_000), user[1]), 201));
        HttpResponse<byte[]> speech = send("flow: POST /api/tts/generate-speech", json(tts, "POST", "/api/tts/generate-speech",
                Map.of("topic", "新品发布"), user[1]));
        ok &= ok(speech);
        String sentence = speech != null && speech.statusCode() == 200
                ? JSON.readTree(speech.body()).at("/data/sentences/0").asText("大家好。") : "大家好。";
        HttpResponse<byte[]> synth = send("flow: POST /api/tts/synthesize", json(tts, "POST", "/api/tts/synthesize", Map.of("text", sentence, "voice", "tiny"), user[1]));
        ok &= ok(synth);
        if (synth != null && synth.statusCode() == 200) {
            String url = JSON.readTree(synth.body()).at("/data/audio_url").asText();
            ok &= ok(send("flow: POST /api/tts/mouth-timeline", json(tts, "POST", "/api/tts/mouth-timeline", Map.of("text", sentence, "audio_url", url), user[1])));
            ok &= ok(send("flow: GET /api/tts/audio/{f}", HttpRequest.newBuilder(tts.resolve(url)).GET().build()));
        }
        ok &= stream(server.uri("streaming"), user[1], clip, "WS stream 4 s (flow)");
        recorder.record("FULL FLOW (total)", start, System.nanoTime() - begin, ok ? 200 : 500, ok);
        return ok;
    }

    /** Streams a clip at real time over the WebSocket to a fresh RTMP listener; true when every frame arrived. */
    private boolean stream(URI streaming, String token, TestMedia.Clip clip, String route) {
        long start = recorder.nowMillis();
        long begin = System.nanoTime();
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        try (RtmpSink sink = RtmpSink.start()) {
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + streaming.getPort() + "/"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                try {
                                    messages.add(JSON.readTree(text.toString()));
                                } catch (IOException ignored) {
                                    // not JSON: not ours to judge here
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText(JSON.writeValueAsString(Map.of("rtmp_url", sink.serverUrl(), "stream_key", sink.key(), "fps", 25)), true).join();
            if (await(messages, "started", 10_000) == null) {
                recorder.record(route, start, System.nanoTime() - begin, 503, false);
                socket.abort();
                return false;
            }
            recorder.record("WS connect → started", start, System.nanoTime() - begin, 200, true);
            int chunks = (int) Math.max(8, clip.seconds() * 4);
            int size = (clip.bytes().length + chunks - 1) / chunks;
            long t = System.nanoTime();
            for (int i = 0, offset = 0; offset < clip.bytes().length; i++, offset += size) {
                socket.sendBinary(ByteBuffer.wrap(clip.bytes(), offset, Math.min(size, clip.bytes().length - offset)), true).join();
                long due = t + (long) ((i + 1) * clip.seconds() / chunks * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            socket.sendText("{\"action\":\"end_stream\"}", true).join();
            JsonNode ended = await(messages, "ended", 15_000);
            RtmpSink.Received received = sink.awaitEnd(5000);
            socket.abort();
            boolean ok = ended != null && received != null && received.videoPackets() == clip.videoFrames();
            recorder.record(route, start, System.nanoTime() - begin, ok ? 200 : 500, ok);
            return ok;
        } catch (Exception e) {
            recorder.record(route, start, System.nanoTime() - begin, -1, false);
            return false;
        }
    }

    private static JsonNode await(List<JsonNode> messages, String type, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (JsonNode message : messages) {
                if (type.equals(message.path("type").asText())) {
                    return message;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    // ---------------------------------------------------------------- slow faults

    private ServerProcess sigkillDuringWrites(ServerProcess server, Path dataDir, Map<String, Integer> ports) throws Exception {
        recorder.phase("SIGKILL during writes");
        URI login = server.uri("login");
        List<String[]> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            writers.add(signUp(login, dataDir));
        }
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, List<String>> uploaded = new ConcurrentHashMap<>();
        byte[] picture = image(3 * 1024 * 1024);
        Thread[] threads = new Thread[writers.size()];
        for (int i = 0; i < writers.size(); i++) {
            String[] user = writers.get(i);
            boolean uploads = i % 2 == 0;
            uploaded.put(user[0], new CopyOnWriteArrayList<>());
            threads[i] = Thread.ofVirtual().start(() -> {
                for (long n = 1; ; n++) {
                    try {
                        if (uploads) {
                            HttpResponse<byte[]> reply = http.send(upload(login, "k.png", picture, user[1]), HttpResponse.BodyHandlers.ofByteArray());
                            if (reply.statusCode() == 201) {
                                uploaded.get(user[0]).add(JSON.readTree(reply.body()).at("/data/filename").asText());
                            }
                        } else {
                            HttpResponse<byte[]> reply = http.send(json(login, "PATCH", "/api/preferences", Map.of("counter", n,
                                    "blob", "x".repeat(2000)), user[1]), HttpResponse.BodyHandlers.ofByteArray());
                            if (reply.statusCode() == 200) {
                                acked.put(user[0], n);
                            }
                        }
                    } catch (IOException | InterruptedException dead) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(3000);
        server.kill();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        long restart = System.nanoTime();
        ServerProcess again = new ServerProcess(jar, JVM, serverProperties(), dataDir, ports);
        double restartSeconds = (System.nanoTime() - restart) / 1e9;
        int lost = 0;
        List<String> lostDetails = new ArrayList<>();
        int lostUploads = 0;
        int corrupt = 0;
        int files = 0;
        for (String[] user : writers) {
            String token = loginToken(again.uri("login"), user[0]);
            HttpResponse<byte[]> prefs = http.send(get(again.uri("login"), "/api/preferences", token), HttpResponse.BodyHandlers.ofByteArray());
            long stored = JSON.readTree(prefs.body()).at("/data/counter").asLong(0);
            if (prefs.statusCode() != 200 || stored < acked.getOrDefault(user[0], 0L)) {
                lost++;
                lostDetails.add(user[0] + ": answer " + prefs.statusCode() + ", stored " + stored + ", acknowledged "
                        + acked.get(user[0]));
            }
            HttpResponse<byte[]> list = http.send(get(again.uri("login"), "/api/files/backgrounds", token), HttpResponse.BodyHandlers.ofByteArray());
            List<String> listed = new ArrayList<>();
            JSON.readTree(list.body()).at("/data/backgrounds").forEach(node -> listed.add(node.path("filename").asText()));
            for (String name : uploaded.get(user[0])) {
                if (!listed.contains(name)) {
                    lostUploads++;
                }
            }
            for (String name : listed) {
                files++;
                HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(again.uri("login").resolve("/api/files/backgrounds/" + name)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                BufferedImage decoded = file.statusCode() == 200 ? ImageIO.read(new java.io.ByteArrayInputStream(file.body())) : null;
                if (decoded == null) {
                    corrupt++;
                }
            }
        }
        long leftovers;
        try (Stream<Path> all = Files.walk(dataDir)) {
            leftovers = all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp") || n.endsWith(".part") || n.startsWith(".upload")).count();
        }
        long ackedWrites = acked.values().stream().mapToLong(Long::longValue).sum();
        long ackedUploads = uploaded.values().stream().mapToLong(List::size).sum();
        boolean pass = lost == 0 && lostUploads == 0 && corrupt == 0;
        faults.add(new String[] {"SIGKILL during 4 preference writers and 4 × 3 MB uploaders (H2)",
            String.format(Locale.ROOT, "restart to healthy in %.1f s; H2 opened; %d acknowledged preference writes and %d acknowledged uploads"
                    + " before the kill; lost acknowledged preference writes: %d, lost acknowledged uploads: %d; %d files listed after restart,"
                    + " corrupt: %d; temporary files left by the killed uploads (removed by the next upload's clean-up): %d",
                    restartSeconds, ackedWrites, ackedUploads, lost, lostUploads, files, corrupt, leftovers)
                    + (lostDetails.isEmpty() ? "" : " (" + String.join("; ", lostDetails) + ")"), pass ? "PASS" : "FAIL"});
        return again;
    }

    private void postgresOutage() throws Exception {
        recorder.phase("PostgreSQL outage");
        String schema = "suite_" + Long.toHexString(System.nanoTime());
        String url = "jdbc:postgresql://127.0.0.1:5432/test";
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        Path dataDir = Files.createTempDirectory("streamcream-suite-pg-");
        Map<String, String> properties = new LinkedHashMap<>(serverProperties());
        properties.put("db.url", url + "?currentSchema=" + schema + "&connectTimeout=1&socketTimeout=5");
        properties.put("db.username", "postgres");
        properties.put("db.connect-timeout-millis", "1000");
        String cluster = clusterVersion();
        ServerProcess server = new ServerProcess(jar, JVM, properties, dataDir, Map.of("login", ServerProcess.freePort(),
                "tts", ServerProcess.freePort(), "streaming", ServerProcess.freePort(), "sovits", ServerProcess.freePort()));
        boolean stopped = false;
        try {
            URI login = server.uri("login");
            List<String[]> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(signUp(login, dataDir));
            }
            Map<String, Long> acked = new ConcurrentHashMap<>();
            AtomicLong failed = new AtomicLong();
            List<Long> failNanos = new CopyOnWriteArrayList<>();
            List<long[]> health = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(22);
            List<Thread> threads = new ArrayList<>();
            for (String[] user : users) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (long n = 1; System.nanoTime() < end; n++) {
                        long begin = System.nanoTime();
                        HttpResponse<byte[]> reply = send("PATCH /api/preferences (PostgreSQL outage)",
                                json(login, "PATCH", "/api/preferences", Map.of("counter", n), user[1]), 200, 503);
                        if (reply != null && reply.statusCode() == 200) {
                            acked.put(user[0], n);
                        } else {
                            failed.incrementAndGet();
                            failNanos.add(System.nanoTime() - begin);
                        }
                        sleep(100);
                    }
                }));
            }
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int status = http.send(get(login, "/health", null), HttpResponse.BodyHandlers.discarding()).statusCode();
                        health.add(new long[] {(System.nanoTime() - t0) / 1_000_000, status});
                    } catch (IOException | InterruptedException e) {
                        health.add(new long[] {(System.nanoTime() - t0) / 1_000_000, -1});
                    }
                    sleep(200);
                }
            }));
            sleep(4000);
            long stopAt = (System.nanoTime() - t0) / 1_000_000;
            pgctl(cluster, "stop");
            stopped = true;
            sleep(5000);
            long startAt = (System.nanoTime() - t0) / 1_000_000;
            pgctl(cluster, "start");
            stopped = false;
            for (Thread thread : threads) {
                thread.join(40_000);
            }
            long firstDown = health.stream().filter(h -> h[0] > stopAt && h[1] == 503).mapToLong(h -> h[0]).min().orElse(-1);
            long recovered = health.stream().filter(h -> h[0] > startAt && h[1] == 200).mapToLong(h -> h[0]).min().orElse(-1);
            int lost = 0;
            for (String[] user : users) {
                HttpResponse<byte[]> prefs = http.send(get(login, "/api/preferences", user[1]), HttpResponse.BodyHandlers.ofByteArray());
                if (prefs.statusCode() != 200 || JSON.readTree(prefs.body()).at("/data/counter").asLong(0) < acked.getOrDefault(user[0], 0L)) {
                    lost++;
                }
            }
            double slowestFailure = failNanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e9;
            boolean pass = firstDown >= 0 && recovered >= 0 && lost == 0 && slowestFailure < 3.5;
            faults.add(new String[] {"PostgreSQL stopped for 5 s under 5 writers (pg_ctlcluster stop/start)",
                String.format(Locale.ROOT, "/health 503 %d ms after the stop; %d writes failed with 503 (slowest failure %.2f s); /health 200 again %d ms after"
                        + " the start; lost acknowledged writes: %d of %d users", firstDown < 0 ? -1 : firstDown - stopAt, failed.get(), slowestFailure,
                        recovered < 0 ? -1 : recovered - startAt, lost, users.size()), pass ? "PASS" : "FAIL"});
        } finally {
            if (stopped) {
                pgctl(cluster, "start");
            }
            server.close();
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static String clusterVersion() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }

    private static void pgctl(String version, String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("pg_ctlcluster " + action + " failed: " + output);
        }
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    interface Work {
        void run(long n) throws Exception;
    }

    private void closed(int workers, Duration length, Work work) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        work.run(worker);
                    }
                    return null;
                });
            }
        }
    }

    private void open(double perSecond, Duration length, Work work) throws InterruptedException {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        Semaphore inFlight = new Semaphore(200);
        long n = 0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long next = start; next < end; next += interval, n++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!inFlight.tryAcquire()) {
                    recorder.record("open model: dropped arrivals", recorder.nowMillis(), 0, -1, false);
                    continue;
                }
                long id = n;
                pool.submit(() -> {
                    try {
                        work.run(id);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
    }

    private HttpResponse<byte[]> send(String route, HttpRequest request, int... ok) {
        return recorder.send(route, request, ok);
    }

    private static boolean ok(HttpResponse<byte[]> response) {
        return response != null && response.statusCode() < 400;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest get(URI base, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static HttpRequest json(URI base, String method, String path, Object body, String token) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return builder.build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest upload(URI base, String filename, byte[] data, String token) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--suite\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes("\r\n--suite--\r\n".getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(base.resolve("/api/files/upload-background")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=suite").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    /** A real PNG padded to about {@code size} bytes with an ancillary chunk (still a valid image). */
    private static byte[] image(int size) {
        BufferedImage picture = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] png = out.toByteArray();
        int padding = Math.max(0, size - png.length - 12);
        ByteBuffer chunk = ByteBuffer.allocate(12 + padding);
        byte[] type = "zzPd".getBytes(StandardCharsets.US_ASCII);
        chunk.putInt(padding).put(type).put(new byte[padding]);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type);
        crc.update(new byte[padding]);
        chunk.putInt((int) crc.getValue());
        ByteBuffer result = ByteBuffer.allocate(png.length + chunk.capacity());
        result.put(png, 0, 33).put(chunk.array()).put(png, 33, png.length - 33);
        return result.array();
    }

    private static String completion(String content) {
        try {
            return JSON.writeValueAsString(Map.of("id", "c", "object", "chat.completion", "choices",
                    List.of(Map.of("index", 0, "finish_reason", "stop", "message", Map.of("role", "assistant", "content", content)))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void installVoices(Path dataDir) throws IOException {
        Path models = dataDir.resolve("userdatas/tts");
        TestBundles.writeVoice(models, "tiny", TestBundles.manifest("tiny"), 16);
        TestBundles.writeVoice(models, "tiny2", TestBundles.manifest("tiny2"), 16);
        ByteBuffer wav = ByteBuffer.allocate(44 + 32000 * 4 * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 32000 * 8).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(32000).putInt(64000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(32000 * 8);
        for (int i = 0; i < 32000 * 4; i++) {
            wav.putShort((short) (0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 180 * i / 32000.0)));
        }
        Files.createDirectories(models.resolve("ref_audio"));
        Files.write(models.resolve("ref_audio/参考音频.wav"), wav.array());
    }

    /** Registers through the API, reads the code from the outbox, verifies; returns {name, token} or null. */
    private String[] signUp(URI login, Path dataDir) throws Exception {
        String name = "suite_" + NAMES.incrementAndGet();
        String email = name + "@example.com";
        HttpResponse<byte[]> registered = send("POST /api/auth/register", json(login, "POST", "/api/auth/register",
                Map.of("username", name, "email", email, "password", PASSWORD), null));
        if (!ok(registered)) {
            return null;
        }
        String code = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (code == null && System.nanoTime() < deadline) {
            try (Stream<Path> mails = Files.list(dataDir.resolve("outbox"))) {
                for (Path mail : mails.filter(p -> p.getFileName().toString().endsWith(".eml")).toList()) {
                    String text = Files.readString(mail, StandardCharsets.ISO_8859_1);
                    if (text.contains(email)) {
                        Matcher matcher = Pattern.compile(">(\\d{6})<").matcher(decoded(text));
                        if (matcher.find()) {
                            code = matcher.group(1);
                        }
                    }
                }
            }
            if (code == null) {
                Thread.sleep(50);
            }
        }
        if (code == null) {
            return null;
        }
        HttpResponse<byte[]> verified = send("POST /api/auth/verify-email", json(login, "POST", "/api/auth/verify-email",
                Map.of("email", email, "code", code), null));
        if (!ok(verified)) {
            return null;
        }
        return new String[] {name, JSON.readTree(verified.body()).at("/data/token").asText()};
    }

    private String loginToken(URI login, String name) throws Exception {
        HttpResponse<byte[]> reply = http.send(json(login, "POST", "/api/auth/login", Map.of("username", name, "password", PASSWORD), null),
                HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(reply.body()).at("/data/token").asText();
    }

    private static String decoded(String mime) throws Exception {
        var message = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(mime.getBytes(StandardCharsets.ISO_8859_1)));
        Object content = message.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(multipart.getBodyPart(i).getContent());
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    /** Reads the surefire XML summaries of the security-tests module, when they exist. */
    /** A security suite row (name, tests, failures, errors, seconds) with failures or errors, or no results at all. */
    static boolean securitySuiteFailed(String[] row) {
        try {
            return Integer.parseInt(row[2]) > 0 || Integer.parseInt(row[3]) > 0;
        } catch (NumberFormatException noResults) {
            return true;
        }
    }

    static List<String[]> securityResults(Path dir) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            rows.add(new String[] {"(no results: run bin/streamcream perf, which runs them first)", "-", "-", "-", "-"});
            return rows;
        }
        Pattern suite = Pattern.compile("<testsuite [^>]*?name=\"([^\"]+)\"[^>]*?time=\"([^\"]+)\"[^>]*?tests=\"(\\d+)\"[^>]*?errors=\"(\\d+)\"[^>]*?skipped=\"(\\d+)\"[^>]*?failures=\"(\\d+)\"");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("TEST-")).sorted().toList()) {
                String xml = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = suite.matcher(xml);
                if (m.find()) {
                    rows.add(new String[] {m.group(1), m.group(3), m.group(6), m.group(4), m.group(2)});
                }
            }
        }
        return rows;
    }
}
