package io.streamcream.bench.tts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

import io.streamcream.bench.BenchFiles;
import io.streamcream.bench.load.LoadDriver;

/**
 * Issue #10: the stream TTS service's own cost around synthesis (target &lt; 20 ms) and a cache hit
 * (target &lt; 5 ms). The four services run from {@code streamcream.jar} in a child JVM; a stand-in
 * GPT-SoVITS endpoint in this JVM answers {@code /tts} instantly with one second of audio, so what
 * is measured is everything but inference. Requests are sent one at a time over one keep-alive
 * connection of Apache HttpClient 5 (see {@link io.streamcream.bench.load.LoadDriver} for why not the
 * JDK client); each scenario is warmed up first ({@code -Dwarmup=N}, default 2000 requests). One
 * more row sends the cache hits through the JDK's {@code java.net.http} client, for comparison.
 *
 * <pre>
 * java -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      io.streamcream.bench.tts.SynthesisOverheadBenchmark [requests]
 * </pre>
 */
public final class SynthesisOverheadBenchmark {

    private SynthesisOverheadBenchmark() {
    }

    /**
     * @param args optional number of measured requests per scenario (default 500)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        byte[] wav = oneSecondWav();
        AtomicLong upstreamNanos = new AtomicLong();
        // The stand-in answers with headers and body in two writes; without TCP_NODELAY the body
        // waits for a delayed ACK (40 ms on Linux) and the benchmark would measure that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer sovits = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sovits.createContext("/", exchange -> {
            long start = System.nanoTime();
            exchange.getResponseHeaders().set("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, wav.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(wav);
            }
            upstreamNanos.addAndGet(System.nanoTime() - start);
        });
        sovits.start();
        Path jar = Path.of(System.getProperty("streamcream.jar", "services/launcher/target/streamcream.jar"));
        Path dataDir = Files.createTempDirectory("streamcream-tts-bench-");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "login", "tts");
        int loginPort = freePort();
        int ttsPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile());
        builder.environment().putAll(Map.of("STREAMCREAM_DATA_DIR", dataDir.toString(),
                "STREAMCREAM_LOGIN_PORT", String.valueOf(loginPort), "STREAMCREAM_TTS_PORT", String.valueOf(ttsPort),
                "STREAMCREAM_TTS_ENDPOINTS", "http://127.0.0.1:" + sovits.getAddress().getPort(),
                "ORT_DISABLE_TELEMETRY", "1"));
        Process server = builder.start();
        try {
            URI login = URI.create("http://127.0.0.1:" + loginPort);
            URI tts = URI.create("http://127.0.0.1:" + ttsPort);
            waitHealthy(tts);
            String token = io.streamcream.bench.load.BenchAccounts.signUp(login, dataDir, "tts_bench", "tts@example.com");
            int warmup = Integer.getInteger("warmup", 2000);
            long[] miss = new long[requests];
            long[] hit = new long[requests];
            long[] jdkHit = new long[requests];
            try (LoadDriver driver = new LoadDriver(1)) {
                for (int i = 0; i < warmup; i++) {
                    synthesize(driver, tts, token, "预热 " + i);
                }
                upstreamNanos.set(0);
                for (int i = 0; i < requests; i++) {
                    miss[i] = synthesize(driver, tts, token, "新的句子，编号 " + i + "。");
                }
                for (int i = 0; i < warmup; i++) {
                    synthesize(driver, tts, token, "预热 " + (i % 10));
                }
                for (int i = 0; i < requests; i++) {
                    hit[i] = synthesize(driver, tts, token, "新的句子，编号 " + (i % 10) + "。");
                }
            }
            double upstreamMillisEach = upstreamNanos.get() / 1e6 / requests;
            HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < warmup + requests; i++) {
                long nanos = synthesize(jdk, tts, token, "新的句子，编号 " + (i % 10) + "。");
                if (i >= warmup) {
                    jdkHit[i - warmup] = nanos;
                }
            }
            System.out.printf("| scenario | requests | p50 ms | p95 ms | p99 ms |%n|---|---|---|---|---|%n");
            row("synthesize, new text (1 s of audio; stand-in endpoint)", miss);
            row("synthesize, cache hit", hit);
            row("synthesize, cache hit (JDK java.net.http client)", jdkHit);
            System.out.printf("%nStand-in endpoint time per request (to subtract for the overhead): %.2f ms%n",
                    upstreamMillisEach);
        } finally {
            server.destroy();
            server.waitFor();
            sovits.stop(0);
            if (!Boolean.getBoolean("bench.keep-data")) {
                BenchFiles.deleteTree(dataDir);
            }
        }
    }

    private static long synthesize(LoadDriver driver, URI tts, String token, String text) throws Exception {
        HttpPost request = new HttpPost(tts.resolve("/api/tts/synthesize"));
        request.setHeader("Authorization", "Bearer " + token);
        request.setEntity(new StringEntity("{\"text\":\"" + text + "\"}", ContentType.APPLICATION_JSON));
        long start = System.nanoTime();
        int status = driver.send(request);
        long elapsed = System.nanoTime() - start;
        if (status != 200) {
            throw new IllegalStateException("synthesize answered " + status);
        }
        return elapsed;
    }

    private static long synthesize(HttpClient client, URI tts, String token, String text) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(tts.resolve("/api/tts/synthesize"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return elapsed;
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %d | %.2f | %.2f | %.2f |%n", name, sorted.length, pick(sorted, 50), pick(sorted, 95),
                pick(sorted, 99));
    }

    private static double pick(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static byte[] oneSecondWav() {
        int rate = 32_000;
        ByteBuffer out = ByteBuffer.allocate(44 + rate * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(36 + rate * 2).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(rate * 2);
        for (int i = 0; i < rate; i++) {
            out.putShort((short) (8000 * Math.sin(2 * Math.PI * 220 * i / rate)));
        }
        return out.array();
    }

    private static void waitHealthy(URI uri) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(uri.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("service did not start");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
