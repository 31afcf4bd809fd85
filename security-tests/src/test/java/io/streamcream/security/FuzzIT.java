package io.streamcream.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.TestDatabase;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A seeded generator of malformed requests over every documented route of the four services (read
 * from their OpenAPI documents) plus the WebSocket: no 5xx except documented 503s, no crash, no
 * thread or file-descriptor growth.
 */
class FuzzIT {

    static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    static final String[] FIELDS = {"username", "email", "password", "code", "new_password", "current_password", "token",
        "text", "topic", "style", "keywords", "sections", "language", "voice", "speed", "pitch", "with_timeline", "duration",
        "audio_url", "text_lang", "ref_audio_path", "prompt_text", "prompt_lang", "media_type", "streaming_mode", "top_k",
        "title", "description", "stream_key", "regenerate_key", "aiSettings", "liveSettings", "nickname", "model", "weights_path",
        "refer_audio_path", "command", "gpt_path", "sovits_path", "pair", "filename"};
    static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-16", "text/plain",
        "multipart/form-data; boundary=x", "multipart/form-data", "application/x-www-form-urlencoded", "application/xml",
        "image/png", "", "application/json; charset=nonsense", "*/*"};

    static Stack stack;
    static Stack.User user;
    static HttpClient client;

    @BeforeAll
    static void start() {
        stack = Stack.start(TestDatabase.H2, Map.of("login.resend-cooldown", "PT0.1S"), false);
        user = stack.user("fuzz");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    @AfterAll
    static void stop() {
        stack.assertNoSecrets(List.of(TestEnvironment.JWT_SECRET));
        client.close();
        stack.close();
    }

    static String junk(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> "x".repeat(random.nextInt(6000));
            case 2 -> "%00";
            case 3 -> "%ff%fe";
            case 4 -> "..%2f..%2f";
            case 5 -> "-1";
            case 6 -> "99999999999999999999999";
            case 7 -> "%E4%BD%A0%E5%A5%BD";
            case 8 -> "%20";
            case 9 -> "null";
            case 10 -> "1e309";
            case 11 -> "%25%32%65";
            case 12 -> "' OR 1=1 --";
            case 13 -> "<script>";
            case 14 -> Integer.toString(random.nextInt(5));
            default -> Long.toHexString(random.nextLong());
        };
    }

    static String pathOf(String template, Random random) {
        StringBuilder path = new StringBuilder();
        for (String part : template.split("/", -1)) {
            if (!path.isEmpty() || !part.isEmpty()) {
                path.append('/');
            }
            path.append(part.startsWith("{") ? java.net.URLEncoder.encode(junk(random), StandardCharsets.UTF_8).replace("+", "%20")
                    .replace("%25", random.nextBoolean() ? "%25" : "%") : part);
        }
        String result = path.toString().replace("//", "/");
        if (random.nextInt(3) == 0) {
            result += "?" + FIELDS[random.nextInt(FIELDS.length)] + "=" + java.net.URLEncoder.encode(junk(random), StandardCharsets.UTF_8);
        }
        if (random.nextInt(10) == 0) {
            result += (result.contains("?") ? "&" : "?") + "text=%E4%BD%A0&text_lang=" + java.net.URLEncoder.encode(junk(random), StandardCharsets.UTF_8)
                    + "&command=" + (random.nextBoolean() ? "restart" : "exit");
        }
        return result;
    }

    static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 8 : 11)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextDouble() * 1e6 - 5e5;
            case 4 -> Long.MAX_VALUE;
            case 5 -> junk(random);
            case 6 -> "你好，直播间。" .repeat(random.nextInt(3));
            case 7 -> "";
            case 8 -> java.util.Arrays.asList(value(random, depth + 1), value(random, depth + 1));
            case 9 -> object(random, depth + 1);
            default -> Map.of();
        };
    }

    static Map<String, Object> object(Random random, int depth) {
        Map<String, Object> object = new java.util.HashMap<>();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            object.put(FIELDS[random.nextInt(FIELDS.length)], value(random, depth));
        }
        return object;
    }

    static byte[] body(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> {
                byte[] json = io.streamcream.common.json.Json.bytes(object(random, 0));
                yield java.util.Arrays.copyOf(json, Math.max(1, json.length - 1 - random.nextInt(Math.max(1, json.length))));
            }
            case 3 -> ("[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000))).getBytes(StandardCharsets.US_ASCII);
            case 4 -> "{\"text\":\"\\ud800\",\"speed\":1e400,\"pitch\":-0}".getBytes(StandardCharsets.US_ASCII);
            case 5 -> "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../a.png\"\r\n\r\n\u0089PNG\r\n--x--"
                    .getBytes(StandardCharsets.ISO_8859_1);
            case 6 -> "null".getBytes(StandardCharsets.US_ASCII);
            case 7 -> ("\"" + "a".repeat(random.nextInt(100_000)) + "\"").getBytes(StandardCharsets.US_ASCII);
            default -> io.streamcream.common.json.Json.bytes(object(random, 0));
        };
    }

    static HttpRequest request(Routes.Route route, Random random) {
        String method = random.nextInt(6) == 0
                ? new String[] {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND"}[random.nextInt(9)]
                : route.method();
        URI uri = URI.create(stack.uri(route.service()) + pathOf(route.path(), random));
        byte[] body = method.equals("GET") || method.equals("HEAD") || method.equals("TRACE") ? new byte[0] : body(random);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        if (!type.isEmpty()) {
            builder.header("Content-Type", type);
        }
        switch (random.nextInt(5)) {
            case 0 -> builder.header("Authorization", "Bearer " + user.token());
            case 1 -> builder.header("Authorization", "Bearer " + junk(random).replace("%", ""));
            case 2 -> builder.header("Authorization", user.token());
            case 3 -> builder.header("X-Admin-Token", junk(random).replace("%", ""));
            default -> { }
        }
        if (random.nextInt(4) == 0) {
            builder.header("Range", new String[] {"bytes=0-", "bytes=-1", "bytes=99999999-", "bytes=5-2", "bytes=a-b", "items=0-1",
                "bytes=0-1,2-3,4-5"}[random.nextInt(7)]);
        }
        if (random.nextInt(6) == 0) {
            builder.header("Accept", new String[] {"text/event-stream", "*/*", "application/xml", "audio/wav"}[random.nextInt(4)]);
        }
        if (random.nextInt(8) == 0) {
            builder.header("Origin", random.nextBoolean() ? "http://localhost:5173" : "https://evil.example.net");
        }
        return builder.build();
    }

    /** Live threads other than JDK HTTP client selectors (those belong to the test's own clients, freed by GC). */
    static int threads() {
        System.gc();
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("HttpClient-")).count();
    }

    static long fds() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    @Test
    void malformedRequestsOnEveryRouteNeverBreakAService() throws Exception {
        List<Routes.Route> routes = Routes.all();
        assertThat(routes.size(), greaterThan(80));
        Random random = new Random(SEED);
        run(routes, random, 1000, new ConcurrentLinkedQueue<>(), new ConcurrentHashMap<>());
        Thread.sleep(1000);
        int threadsBefore = threads();
        long fdsBefore = fds();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        int sent = run(routes, random, REQUESTS, failures, statuses);
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("fuzz: %d requests over %d routes in %.1f s, seed %d, statuses %s%n", sent, routes.size(), seconds, SEED, statuses);
        assertThat(failures.stream().limit(20).toList(), empty());
        assertThat(sent, greaterThanOrEqualTo(10_000));
        assertThat(statuses.keySet().stream().filter(s -> s >= 500 && s != 503).toList(), empty());
        assertThat(statuses.getOrDefault(400, new AtomicInteger()).get(), greaterThan(1000));
        int wsRefused = fuzzWebSocket(random, 60);
        assertThat(wsRefused, is(60));
        // No crash: every service healthy and a normal request works.
        for (String service : List.of("login", "tts", "streaming", "sovits")) {
            assertThat(service, stack.client(service).get("/health", null).status(), is(200));
        }
        // (the fuzzer may have logged its own user out or deleted it: a fresh one proves the service works)
        assertThat(stack.client("login").get("/api/users/me", stack.user("afterfuzz").token()).status(), is(200));
        // No growth: threads and descriptors settle back to where they were.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((threads() > threadsBefore + 20 || fds() > fdsBefore + 64) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat("threads", threads(), lessThanOrEqualTo(threadsBefore + 20));
        assertThat("file descriptors", fds(), lessThanOrEqualTo(fdsBefore + 64));
    }

    private int run(List<Routes.Route> routes, Random random, int count, ConcurrentLinkedQueue<String> failures,
                    ConcurrentHashMap<Integer, AtomicInteger> statuses) throws Exception {
        List<Object[]> planned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Routes.Route route = routes.get(random.nextInt(routes.size()));
            planned.add(new Object[] {route, request(route, random)});
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                futures.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < planned.size(); i = next.getAndIncrement()) {
                        Routes.Route route = (Routes.Route) planned.get(i)[0];
                        HttpRequest request = (HttpRequest) planned.get(i)[1];
                        int status;
                        try {
                            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException closed) {
                            status = -1;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        done.incrementAndGet();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status >= 500 && !(status == 503 && route.may503())) {
                            failures.add(status + " " + request.method() + " " + request.uri());
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        }
        return done.get();
    }

    @Test
    void garbageAfterAValidStartEndsEverySessionAndLeavesNothingBehind() throws Exception {
        Random random = new Random(SEED + 1);
        URI ws = URI.create("ws://127.0.0.1:" + stack.launcher.port("streaming") + "/");
        Stack.User streamer = stack.user("wsfuzz");
        byte[] ebml = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
        int sessions = 24;
        int sent = 0;
        int endedByServer = 0;
        for (int i = 0; i < sessions; i++) {
            try (Ws socket = Ws.connect(ws, streamer.token())) {
                socket.text("{\"rtmp_url\":\"rtmp://127.0.0.1:1/live\",\"stream_key\":\"fuzz" + i + "\"}");
                assertThat("session " + i + " " + socket.messages(), socket.awaitType("started", 5000),
                        org.hamcrest.Matchers.notNullValue());
                try {
                    for (int k = 4 + random.nextInt(12); k > 0; k--) {
                        byte[] noise = new byte[1 + random.nextInt(64 * 1024)];
                        random.nextBytes(noise);
                        switch (random.nextInt(7)) {
                            case 0 -> socket.binary(noise);
                            case 1 -> {
                                System.arraycopy(ebml, 0, noise, 0, Math.min(ebml.length, noise.length));
                                socket.binary(noise);
                            }
                            case 2 -> socket.text(junk(random));
                            case 3 -> socket.text("{\"action\":" + io.streamcream.common.json.Json.text(junk(random)) + "}");
                            case 4 -> socket.text(random.nextBoolean() ? "pause_stream" : "resume_stream");
                            case 5 -> socket.text("x".repeat(100_000 + random.nextInt(100_000)));
                            default -> socket.text(io.streamcream.common.json.Json.text(object(random, 0)));
                        }
                        sent++;
                    }
                    if (random.nextBoolean()) {
                        socket.text("{\"action\":\"end_stream\"}");
                    }
                } catch (RuntimeException closedByTheService) {
                    // The service may end the session at any point; sending then fails. That is the expected answer.
                }
                if (socket.await(m -> m.path("type").asText().equals("ended"), 3000) != null || socket.awaitClose(10)) {
                    endedByServer++;
                }
                for (var message : socket.messages()) {
                    assertThat("every message is typed JSON: " + message, message.path("type").isTextual(), is(true));
                }
            }
        }
        System.out.printf("ws fuzz: %d sessions, %d malformed messages after a valid start, %d ended by the service%n",
                sessions, sent, endedByServer);
        assertThat(sent, greaterThan(sessions * 4 - 1));
        assertThat("garbage media ends sessions", endedByServer, greaterThan(sessions / 2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((io.streamcream.streaming.media.Ffmpeg.liveContexts() > 0 || activeSessions(streamer) > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat("native contexts freed", io.streamcream.streaming.media.Ffmpeg.liveContexts(), is(0));
        assertThat("no session left", activeSessions(streamer), is(0));
        assertThat(stack.client("streaming").get("/health", null).status(), is(200));
    }

    private int activeSessions(Stack.User user) {
        return stack.client("streaming").get("/api/streaming/status", user.token()).json().at("/data/sessions").size();
    }

    /** Malformed first messages on the streaming WebSocket: each ends with an error or a close, never a session. */
    private int fuzzWebSocket(Random random, int count) throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + stack.launcher.port("streaming") + "/");
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(switch (i % 6) {
                case 0 -> junk(random);
                case 1 -> io.streamcream.common.json.Json.text(object(random, 0));
                case 2 -> "{\"rtmp_url\":" + io.streamcream.common.json.Json.text(junk(random)) + ",\"stream_key\":1}";
                case 3 -> "[".repeat(5000);
                case 4 -> "{\"action\":\"end_stream\"}";
                default -> "{\"rtmp_url\":\"rtmp://127.0.0.1:1/live\",\"stream_key\":\"k\",\"fps\":" + random.nextInt() + ",\"resolution\":\"" + junk(random) + "\"}";
            });
        }
        AtomicInteger refused = new AtomicInteger();
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String message : messages) {
                workers.submit(() -> {
                    try (Ws socket = Ws.connect(ws, user.token())) {
                        socket.text(message);
                        var started = socket.awaitType("started", 1500);
                        if (started == null) {
                            refused.incrementAndGet();
                        } else {
                            socket.text("{\"action\":\"end_stream\"}");
                            if (socket.awaitType("ended", 5000) != null) {
                                refused.incrementAndGet();
                            }
                        }
                    }
                    return null;
                });
            }
        }
        return refused.get();
    }
}
