package io.streamcream.bench.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Drives HTTP load at a server on loopback: closed model (N workers back to back) or open model
 * (a fixed arrival rate, with a cap on requests in flight). Every run is bounded in time.
 */
public final class LoadDriver {

    private final HttpClient client;

    /**
     * @param connections how many connections the client may open (one per concurrent request)
     */
    public LoadDriver(int connections) {
        System.setProperty("jdk.httpclient.connectionPoolSize", String.valueOf(connections));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Closed model: {@code concurrency} workers send requests back to back.
     *
     * @param name        scenario name
     * @param concurrency workers (= connections in use)
     * @param warmUp      unmeasured phase
     * @param measure     measured phase
     * @param request     makes the next request
     * @param ok          which statuses count as success
     * @return the measured statistics
     */
    public LatencyStats closed(String name, int concurrency, Duration warmUp, Duration measure,
                               Supplier<HttpRequest> request, IntPredicate ok) throws InterruptedException {
        runClosed(concurrency, warmUp, request, ok, new ConcurrentLinkedQueue<>(), new AtomicLong());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        runClosed(concurrency, measure, request, ok, latencies, errors);
        double seconds = (System.nanoTime() - start) / 1e9;
        return LatencyStats.of(name, errors.get(), seconds, latencies.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Open model: requests start at a fixed rate whatever the answers do.
     *
     * @param name        scenario name
     * @param perSecond   arrival rate
     * @param maxInFlight cap on concurrent requests (arrivals beyond it count as errors)
     * @param measure     duration
     * @param request     makes the next request
     * @param ok          which statuses count as success
     * @return the statistics
     */
    public LatencyStats open(String name, double perSecond, int maxInFlight, Duration measure,
                             Supplier<HttpRequest> request, IntPredicate ok) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long intervalNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + measure.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long next = start; next < end; next += intervalNanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!inFlight.tryAcquire()) {
                    errors.incrementAndGet();
                    continue;
                }
                executor.submit(() -> {
                    try {
                        timed(request.get(), ok, latencies, errors);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return LatencyStats.of(name, errors.get(), seconds, latencies.stream().mapToLong(Long::longValue).toArray());
    }

    private void runClosed(int concurrency, Duration length, Supplier<HttpRequest> request, IntPredicate ok,
                           ConcurrentLinkedQueue<Long> latencies, AtomicLong errors) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                executor.submit(() -> {
                    while (System.nanoTime() < end) {
                        timed(request.get(), ok, latencies, errors);
                    }
                });
            }
        }
    }

    private void timed(HttpRequest request, IntPredicate ok, ConcurrentLinkedQueue<Long> latencies, AtomicLong errors) {
        long begin = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            latencies.add(System.nanoTime() - begin);
            if (!ok.test(response.statusCode())) {
                errors.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            latencies.add(System.nanoTime() - begin);
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
