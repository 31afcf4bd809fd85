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
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

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
            LoadDriver driver = new LoadDriver(USERS);
            AtomicInteger next = new AtomicInteger();
            LatencyStats get = driver.closed("GET /api/preferences, 100 connections", USERS, Duration.ofSeconds(5),
                    Duration.ofSeconds(seconds),
                    () -> HttpRequest.newBuilder(login.resolve("/api/preferences"))
                            .header("Authorization", "Bearer " + tokens.get(Math.floorMod(next.getAndIncrement(), USERS)))
                            .GET().build(),
                    status -> status == 200);
            LatencyStats patch = driver.closed("PATCH /api/preferences, 100 connections", USERS, Duration.ofSeconds(3),
                    Duration.ofSeconds(seconds),
                    () -> {
                        int n = next.getAndIncrement();
                        return HttpRequest.newBuilder(login.resolve("/api/preferences"))
                                .header("Authorization", "Bearer " + tokens.get(Math.floorMod(n, USERS)))
                                .header("Content-Type", "application/json")
                                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                        "{\"debugMode\":" + (n % 2 == 0) + ",\"bannerColor\":\"c" + (n % 7) + "\"}"))
                                .build();
                    },
                    status -> status == 200);

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

            System.out.println(LatencyStats.markdownHeader());
            System.out.println(get.markdownRow());
            System.out.println(patch.markdownRow());
            System.out.printf("%n%.2f MB PNG uploads (5 in a row), ms each: %s%n", png.length / 1e6, uploads);
            System.out.printf("Resident memory of the server JVM: peak %.0f MiB%n", server.peakRssKib() / 1024.0);
        }
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
