package io.streamcream.bench.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * Issue #2's benchmark: 100 concurrent connections on loopback against {@code GET /api/users/me}
 * and {@code POST /api/auth/login}, plus the resident memory of the four services in one JVM.
 *
 * <pre>
 * bin/streamcream build
 * mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/streamcream-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *      io.streamcream.bench.load.LoginBenchmark [seconds]
 * </pre>
 */
public final class LoginBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = BenchAccounts.PASSWORD;

    private LoginBenchmark() {
    }

    /**
     * @param args optional measured seconds per scenario (default 20)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path jar = Path.of(System.getProperty("streamcream.jar", "services/launcher/target/streamcream.jar"));
        List<String> jvm = List.of(System.getProperty("bench.server.jvm", "-Xmx256m -XX:MaxMetaspaceSize=128m")
                .split("\\s+"));
        Map<String, String> limits = Map.of(
                "rate-limits.login.per-ip.capacity", "100000000",
                "rate-limits.login.per-account.capacity", "100000000");
        try (ServerProcess server = new ServerProcess(jar, jvm, limits)) {
            URI login = server.uri("login");
            String token = BenchAccounts.signUp(login, server.dataDir(), "bench_user", "bench@example.com");
            long idleRss = server.rssKib();
            try (LoadDriver driver = new LoadDriver(100)) {
            byte[] loginBody = JSON.writeValueAsBytes(Map.of("username", "bench_user", "password", PASSWORD));

            LatencyStats me = driver.closed("GET /api/users/me, 100 connections", 100, Duration.ofSeconds(5),
                    Duration.ofSeconds(seconds),
                    () -> {
                        HttpGet request = new HttpGet(login.resolve("/api/users/me"));
                        request.setHeader("Authorization", "Bearer " + token);
                        return request;
                    },
                    status -> status == 200);
            LatencyStats loginOpen = driver.open("POST /api/auth/login at 10/s (open model)", 10, 100,
                    Duration.ofSeconds(Math.max(seconds, 30)), () -> loginRequest(login, loginBody), status -> status == 200);
            LatencyStats loginClosed = driver.closed("POST /api/auth/login, 100 connections (saturation)", 100,
                    Duration.ofSeconds(3), Duration.ofSeconds(seconds), () -> loginRequest(login, loginBody),
                    status -> status == 200);

            System.out.println(LatencyStats.markdownHeader());
            for (LatencyStats stats : List.of(me, loginOpen, loginClosed)) {
                System.out.println(stats.markdownRow());
            }
            System.out.printf("%nResident memory of the server JVM (all four services): idle %.0f MiB, peak %.0f MiB "
                    + "(JVM options: %s)%n", idleRss / 1024.0, server.peakRssKib() / 1024.0, String.join(" ", jvm));
            }
        }
    }

    private static HttpPost loginRequest(URI login, byte[] body) {
        HttpPost request = new HttpPost(login.resolve("/api/auth/login"));
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return request;
    }

}
