package io.streamcream.bench.load;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPatch;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Issue #3's benchmark: {@code GET} and {@code PATCH /api/preferences} at 100 concurrent connections
 * (one user per connection), and 10 MB background uploads.
 *
 * <pre>
 * java -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      io.streamcream.bench.load.PreferencesBenchmark [seconds]
 * </pre>
 */
public final class PreferencesBenchmark {

    private static final int USERS = 100;
    /** Requests per second per user in the paced runs (3 000 requests per second in all). */
    private static final int PACED_RATE = 30;

    private PreferencesBenchmark() {
    }

    /**
     * @param args optional measured seconds per scenario (default 15)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path jar = Path.of(System.getProperty("streamcream.jar", "services/launcher/target/streamcream.jar"));
        List<String> jvm = List.of(System.getProperty("bench.server.jvm", "-Xmx256m -XX:MaxMetaspaceSize=128m")
                .split("\\s+"));
        Map<String, String> limits = Map.of(
                "rate-limits.register.per-ip.capacity", "100000",
                "rate-limits.verify-code.per-ip.capacity", "100000",
                "rate-limits.login.per-ip.capacity", "100000");
        try (ServerProcess server = new ServerProcess(jar, jvm, limits)) {
            URI login = server.uri("login");
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                tokens.add(BenchAccounts.signUp(login, server.dataDir(), "pref_user_" + i, "pref" + i + "@example.com"));
            }
            HttpClient http = HttpClient.newHttpClient();
            String document = "{\"debugMode\":false,\"bannerColor\":\"default\",\"aiSettings\":{\"provider\":"
                    + "\"https://api.openai.com/v1/chat/completions\",\"apiKey\":\"sk-bench\",\"modelName\":\"gpt-4o\","
                    + "\"temperature\":0.7,\"maxTokens\":1000},\"liveSettings\":{\"resolution\":\"1920x1080\",\"fps\":\"30\","
                    + "\"bgPreference\":\"default\",\"platformPreference\":\"bilibili\"}}";
            for (String token : tokens) {
                http.send(HttpRequest.newBuilder(login.resolve("/api/preferences")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(document)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            List<String> results = preferenceLoad(server, login, tokens, seconds);
            byte[] png = noisePng(1800, 1800);
            List<Long> uploads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String boundary = "----bench" + i;
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bg.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
                long start = System.nanoTime();
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(login.resolve("/api/files/upload-background"))
                        .header("Authorization", "Bearer " + tokens.get(i))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, png, tail))).build(),
                        HttpResponse.BodyHandlers.ofString());
                uploads.add((System.nanoTime() - start) / 1_000_000);
                if (reply.statusCode() / 100 != 2) {
                    throw new IllegalStateException("Upload failed: " + reply.statusCode() + " " + reply.body());
                }
            }

            System.out.println("| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | server CPU |\n"
                    + "|---|---|---|---|---|---|---|---|---|");
            results.forEach(System.out::println);
            System.out.printf("%n%.2f MB PNG uploads (5 in a row), ms each: %s%n", png.length / 1e6, uploads);
            System.out.printf("Resident memory of the server JVM: peak %.0f MiB%n", server.peakRssKib() / 1024.0);
        }
    }

    /**
     * Four runs over the same 100 users, each on its own connection: paced (each user sends a request
     * every {@code 1 / PACED_RATE} s, so the two cores keep headroom as the API document's 80 % CPU
     * ceiling asks) and flat out (saturation: every connection sends its next request as soon as
     * the answer arrives). Each row is followed by the server's share of the machine's CPU.
     */
    private static List<String> preferenceLoad(ServerProcess server, URI login, List<String> tokens, int seconds)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        Supplier<HttpUriRequestBase> get = () -> {
            HttpGet request = new HttpGet(login.resolve("/api/preferences"));
            request.setHeader("Authorization", "Bearer " + tokens.get(Math.floorMod(next.getAndIncrement(), USERS)));
            return request;
        };
        Supplier<HttpUriRequestBase> patch = () -> {
            int n = next.getAndIncrement();
            HttpPatch request = new HttpPatch(login.resolve("/api/preferences"));
            request.setHeader("Authorization", "Bearer " + tokens.get(Math.floorMod(n, USERS)));
            request.setEntity(new StringEntity("{\"debugMode\":" + (n % 2 == 0) + ",\"bannerColor\":\"c" + (n % 7) + "\"}",
                    ContentType.APPLICATION_JSON));
            return request;
        };
        Duration measure = Duration.ofSeconds(seconds);
        List<String> rows = new ArrayList<>();
        try (LoadDriver driver = new LoadDriver(USERS)) {
            // Warm-up for the JIT and for H2's file, which grows until the space of old versions is
            // reused (its 45 s retention time); a server that has run for a while is measured.
            driver.closed("warm-up", USERS, Duration.ofSeconds(20), Duration.ZERO, patch, status -> status == 200);
            driver.closed("warm-up", USERS, Duration.ofSeconds(10), Duration.ZERO, get, status -> status == 200);
            driver.closed("warm-up", USERS, Duration.ofSeconds(20), Duration.ZERO, patch, status -> status == 200);
            rows.add(withCpu(server, () -> driver.paced("GET /api/preferences, 100 users × " + PACED_RATE + "/s", USERS,
                    PACED_RATE, Duration.ofSeconds(2), measure, get, status -> status == 200)));
            rows.add(withCpu(server, () -> driver.paced("PATCH /api/preferences, 100 users × " + PACED_RATE + "/s", USERS,
                    PACED_RATE, Duration.ofSeconds(2), measure, patch, status -> status == 200)));
            rows.add(withCpu(server, () -> driver.closed("GET /api/preferences, 100 connections flat out", USERS,
                    Duration.ofSeconds(2), measure, get, status -> status == 200)));
            rows.add(withCpu(server, () -> driver.closed("PATCH /api/preferences, 100 connections flat out", USERS,
                    Duration.ofSeconds(2), measure, patch, status -> status == 200)));
        }
        return rows;
    }

    private static String withCpu(ServerProcess server, Callable<LatencyStats> scenario) throws Exception {
        double cpuBefore = server.cpuSeconds();
        long start = System.nanoTime();
        LatencyStats stats = scenario.call();
        double wall = (System.nanoTime() - start) / 1e9;
        double share = (server.cpuSeconds() - cpuBefore) / (wall * Runtime.getRuntime().availableProcessors());
        return stats.markdownRow() + String.format(" %.0f %% |", 100 * share);
    }

    private static byte[] noisePng(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
