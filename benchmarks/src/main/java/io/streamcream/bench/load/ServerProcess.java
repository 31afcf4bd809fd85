package io.streamcream.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.streamcream.bench.BenchFiles;

/**
 * The four services started from {@code streamcream.jar} in a child JVM on free loopback ports,
 * with its resident memory sampled while it runs.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Map<String, Integer> ports;
    private final Path dataDir;
    private final AtomicLong peakRssKib = new AtomicLong();
    private final Thread sampler;
    /** Whether {@link #close()} removes the data directory (one this class made; kept with -Dbench.keep-data=true). */
    private boolean removeDataOnClose;

    /** Starts on a new temporary data directory, removed again on {@link #close()}. */
    ServerProcess(Path jar, List<String> jvmOptions, Map<String, String> systemProperties) throws IOException {
        this(jar, jvmOptions, systemProperties, Files.createTempDirectory("streamcream-bench-"),
                Map.of("login", freePort(), "tts", freePort(), "streaming", freePort(), "sovits", freePort()));
        this.removeDataOnClose = !Boolean.getBoolean("bench.keep-data");
    }

    /** Starts on a given data directory and ports (a restart after {@link #kill()} passes the same ones). */
    ServerProcess(Path jar, List<String> jvmOptions, Map<String, String> systemProperties, Path dataDir,
                  Map<String, Integer> ports) throws IOException {
        this.dataDir = dataDir;
        this.ports = Map.copyOf(ports);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        builder.environment().put("STREAMCREAM_DATA_DIR", dataDir.toString());
        builder.environment().put("STREAMCREAM_LOGIN_PORT", String.valueOf(ports.get("login")));
        builder.environment().put("STREAMCREAM_TTS_PORT", String.valueOf(ports.get("tts")));
        builder.environment().put("STREAMCREAM_STREAMING_PORT", String.valueOf(ports.get("streaming")));
        builder.environment().put("STREAMCREAM_SOVITS_PORT", String.valueOf(ports.get("sovits")));
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        this.process = builder.start();
        this.sampler = Thread.ofPlatform().daemon().start(this::sample);
        awaitHealthy();
    }

    URI uri(String service) {
        return URI.create("http://127.0.0.1:" + ports.get(service));
    }

    Path dataDir() {
        return dataDir;
    }

    Map<String, Integer> ports() {
        return ports;
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        sampler.interrupt();
    }

    /** @return CPU time the server process has used so far (user + system), in seconds */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of proc(5) (utime, stime), counted after the command name; clock ticks of 1/100 s.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    long rssKib() {
        return readStatus("VmRSS:");
    }

    long peakRssKib() {
        return peakRssKib.get();
    }

    private void sample() {
        while (process.isAlive()) {
            peakRssKib.accumulateAndGet(readStatus("VmRSS:"), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long readStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private void awaitHealthy() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String service : ports.keySet()) {
            while (true) {
                try {
                    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri(service).resolve("/health")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    if (!process.isAlive()) {
                        throw new IOException("Server exited; see " + dataDir.resolve("server.log"), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Server did not become healthy; see " + dataDir.resolve("server.log"));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        sampler.interrupt();
        if (removeDataOnClose) {
            BenchFiles.deleteTree(dataDir);
        }
    }
}
