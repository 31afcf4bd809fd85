package io.streamcream.bench.sovits;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.webserver.WebServer;

import io.streamcream.bench.BenchFiles;
import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.server.Platform;
import io.streamcream.sovits.Main;
import io.streamcream.sovits.testing.TestBundles;
import io.streamcream.sovits.testing.Wavs;

/**
 * Issue #6: the GPT-SoVITS service (9880) in this JVM on a loopback port, with the real routes, engine and encoders.
 * <ul>
 *   <li>{@code tiny}: the runtime's tiny test voice (20 tokens per segment). Non-streaming {@code GET /tts} at
 *       concurrency 5 for a fixed time: requests/s and latency percentiles; then streaming mode 1, one request at a
 *       time: time to the first body byte (the WAV header, sent once the first chunk is ready) and to the first audio
 *       byte.</li>
 *   <li>{@code full_v2}: a bundle written to the temporary models folder with the full-size v2 T2S graphs of
 *       {@link FullSizeT2s} (random weights, 100 tokens = 4 s of audio per segment) and the tiny VITS. Model switch
 *       ({@code POST /gpt-sovits/models/switch} on the not yet loaded voice), then time to the first audio byte in
 *       mode 1 and mode 3 ({@code min_chunk_length} 16, overlap 2), and the real-time factor of non-streaming
 *       requests (wall time ÷ audio duration).</li>
 * </ul>
 *
 * <pre>
 * java -Xmx4g --enable-native-access=ALL-UNNAMED \
 *      -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      io.streamcream.bench.sovits.SovitsServiceBenchmark tiny [seconds=15]
 * java ... io.streamcream.bench.sovits.SovitsServiceBenchmark full [requests=3]
 * </pre>
 */
public final class SovitsServiceBenchmark {
    private static final String ADMIN = "bench-admin-token";
    private static final String TEXT = "今天天气很好，我们一起去公园散步吧。";
    private static final String PROMPT_TEXT = "这是参考音频里说的话。";
    /** Prompt tokens of a 5 s reference through the tiny ssl/vq graphs: (80 000 + 9 600) / 320 / 2. */
    private static final int PROMPT_TOKENS = 140;
    private static final int FULL_TOKENS = 100;

    /** Held so the level sticks: one access-log line per request would dominate the output. */
    private static final java.util.logging.Logger ACCESS_LOG = java.util.logging.Logger.getLogger("io.helidon.webserver.accesslog");

    private SovitsServiceBenchmark() {
    }

    /**
     * @param args {@code tiny [seconds]} or {@code full [requests]}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String part = args.length > 0 ? args[0] : "tiny";
        ACCESS_LOG.setLevel(java.util.logging.Level.WARNING);
        Path data = Files.createTempDirectory("sovits-bench-");
        Path models = data.resolve("userdatas/tts");
        Files.createDirectories(models.resolve("ref_audio"));
        Files.write(models.resolve("ref_audio/ref.wav"), Wavs.pcm16(Wavs.sine(220, 0.4, 16000, 80_000), 16000));
        long written = System.nanoTime();
        if (part.equals("tiny")) {
            TestBundles.writeVoice(models, "tiny", TestBundles.manifest("tiny"), 20);
        } else {
            FullSizeT2s.writeBundle(models, "full_v2", 7, PROMPT_TOKENS + FULL_TOKENS);
            System.out.printf("full-size bundle written in %.1f s%n", (System.nanoTime() - written) / 1e9);
        }
        Platform platform = Platform.create(StreamCreamConfig.load(name -> null, Map.of(
                "streamcream.data-dir", data.toString(), "server.host", "127.0.0.1", "services.sovits.port", "0",
                "sovits.admin-token", ADMIN, "sovits.max-concurrent", "5", "sovits.queue", "64")));
        WebServer server = Main.start(platform);
        try {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            if (part.equals("tiny")) {
                tiny(client, base, args.length > 1 ? Integer.parseInt(args[1]) : 15);
            } else {
                full(client, base, args.length > 1 ? Integer.parseInt(args[1]) : 3);
            }
        } finally {
            server.stop();
            platform.close();
            BenchFiles.deleteTree(data);
        }
    }

    private static String tts(String voice, String extra) {
        return "/tts?text=" + q(TEXT) + "&text_lang=zh&prompt_lang=zh&prompt_text=" + q(PROMPT_TEXT)
                + "&ref_audio_path=ref.wav&voice=" + voice + "&seed=1" + extra;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] get(HttpClient client, URI base, String path) throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " → " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** Time to the first body byte and to the first byte after {@code skip} bytes, in ms, and the total bytes. */
    private record FirstBytes(double firstByteMs, double firstAudioMs, double totalMs, long bytes) {
    }

    private static FirstBytes stream(HttpClient client, URI base, String path, int skip) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " → " + r.statusCode());
        }
        try (InputStream in = r.body()) {
            long first = -1;
            long audio = -1;
            long bytes = 0;
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (n > 0 && first < 0) {
                    first = System.nanoTime();
                }
                bytes += n;
                if (audio < 0 && bytes > skip) {
                    audio = System.nanoTime();
                }
            }
            long end = System.nanoTime();
            return new FirstBytes((first - start) / 1e6, (audio - start) / 1e6, (end - start) / 1e6, bytes);
        }
    }

    private static void tiny(HttpClient client, URI base, int seconds) throws Exception {
        String plain = tts("tiny", "");
        for (int i = 0; i < 200; i++) {
            get(client, base, plain);
            stream(client, base, tts("tiny", "&streaming_mode=1"), 44);
        }
        System.out.println(load(client, base, plain, 5, seconds));
        List<Double> firstByte = new ArrayList<>();
        List<Double> firstAudio = new ArrayList<>();
        long until = System.nanoTime() + seconds * 1_000_000_000L / 2;
        while (System.nanoTime() < until) {
            FirstBytes f = stream(client, base, tts("tiny", "&streaming_mode=1"), 44);
            firstByte.add(f.firstByteMs());
            firstAudio.add(f.firstAudioMs());
        }
        System.out.printf("streaming mode 1 (wav), one at a time, %d requests: first byte p50 %.2f ms p99 %.2f ms; "
                        + "first audio byte p50 %.2f ms p99 %.2f ms%n", firstByte.size(), pct(firstByte, 50),
                pct(firstByte, 99), pct(firstAudio, 50), pct(firstAudio, 99));
    }

    private static String load(HttpClient client, URI base, String path, int concurrency, int seconds) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        get(client, base, path);
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return String.format("non-streaming /tts (wav), concurrency %d, %.1f s: %d requests, %.1f requests/s, "
                        + "p50 %.2f ms, p99 %.2f ms, max %.2f ms", concurrency, elapsed, latencies.size(),
                latencies.size() / elapsed, pct(latencies, 50), pct(latencies, 99), pct(latencies, 100));
    }

    private static void full(HttpClient client, URI base, int requests) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> switched = client.send(HttpRequest.newBuilder(base.resolve("/gpt-sovits/models/switch"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"full_v2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        double switchMs = (System.nanoTime() - t0) / 1e6;
        if (switched.statusCode() != 200) {
            throw new IllegalStateException("switch → " + switched.statusCode() + " " + switched.body());
        }
        System.out.printf("model switch to the not yet loaded full-size voice: %.0f ms (response: %s)%n", switchMs,
                switched.body());
        get(client, base, tts("full_v2", "&media_type=raw&streaming_mode=1"));
        List<Double> mode1 = new ArrayList<>();
        List<Double> mode3 = new ArrayList<>();
        List<Double> rtf = new ArrayList<>();
        double audioSeconds = 0;
        for (int i = 0; i < requests; i++) {
            mode1.add(stream(client, base, tts("full_v2", "&media_type=raw&streaming_mode=1"), 0).firstByteMs());
            mode3.add(stream(client, base, tts("full_v2",
                    "&media_type=raw&streaming_mode=3&min_chunk_length=16&overlap_length=2"), 0).firstByteMs());
            long s = System.nanoTime();
            byte[] raw = get(client, base, tts("full_v2", "&media_type=raw"));
            double wall = (System.nanoTime() - s) / 1e9;
            audioSeconds = raw.length / 2 / 32000.0;
            rtf.add(wall / audioSeconds);
        }
        System.out.printf("text \"%s\" (2 segments, %d tokens each): %.2f s of audio per request%n", TEXT, FULL_TOKENS,
                audioSeconds);
        System.out.printf("time to first audio byte, mode 1: median %.0f ms (%s)%n", pct(mode1, 50), mode1);
        System.out.printf("time to first audio byte, mode 3 (16/2): median %.0f ms (%s)%n", pct(mode3, 50), mode3);
        System.out.printf("real-time factor (non-streaming, wall ÷ audio): median %.3f (%s)%n", pct(rtf, 50), rtf);
    }

    private static double pct(List<Double> values, double percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
