package io.streamcream.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Drives HTTP load at a server on loopback: closed model (N workers back to back, each on its own
 * keep-alive connection) or open model (a fixed arrival rate, with a cap on requests in flight).
 * Every run is bounded in time.
 *
 * <p>The client is Apache HttpClient 5 in its classic (blocking) form: each worker writes a request
 * and reads the answer on its own thread. The JDK's {@code java.net.http} client was used first; on
 * this 2-core machine its selector thread and asynchronous hand-offs cost more CPU than the server's
 * own work per request and added milliseconds of client-side queueing to every percentile, so it
 * measured the client as much as the service.
 */
public final class LoadDriver implements AutoCloseable {

    private final CloseableHttpClient client;

    /**
     * @param connections how many connections the client may open (one per concurrent request)
     */
    public LoadDriver(int connections) {
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true)
                                .setSoTimeout(Timeout.ofSeconds(60)).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
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
     * @throws InterruptedException when interrupted
     */
    public LatencyStats closed(String name, int concurrency, Duration warmUp, Duration measure,
                               Supplier<HttpUriRequestBase> request, IntPredicate ok) throws InterruptedException {
        runClosed(concurrency, warmUp, request, ok, new ConcurrentLinkedQueue<>(), new AtomicLong());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        runClosed(concurrency, measure, request, ok, latencies, errors);
        double seconds = (System.nanoTime() - start) / 1e9;
        return LatencyStats.of(name, errors.get(), seconds, latencies.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Paced closed model: {@code concurrency} users, each on its own connection, each sending one
     * request every {@code 1 / perUserPerSecond} seconds (users start at random phases). Latency is
     * counted from when a request was due, not when it could be sent, so a server that falls
     * behind is charged for the wait (no coordinated omission).
     *
     * @param name             scenario name
     * @param concurrency      users (= connections in use)
     * @param perUserPerSecond each user's request rate
     * @param warmUp           unmeasured phase
     * @param measure          measured phase
     * @param request          makes the next request
     * @param ok               which statuses count as success
     * @return the measured statistics
     * @throws InterruptedException when interrupted
     */
    public LatencyStats paced(String name, int concurrency, double perUserPerSecond, Duration warmUp, Duration measure,
                              Supplier<HttpUriRequestBase> request, IntPredicate ok) throws InterruptedException {
        runPaced(concurrency, perUserPerSecond, warmUp, request, ok, new ConcurrentLinkedQueue<>(), new AtomicLong());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        runPaced(concurrency, perUserPerSecond, measure, request, ok, latencies, errors);
        double seconds = (System.nanoTime() - start) / 1e9;
        return LatencyStats.of(name, errors.get(), seconds, latencies.stream().mapToLong(Long::longValue).toArray());
    }

    private void runPaced(int concurrency, double perUserPerSecond, Duration length, Supplier<HttpUriRequestBase> request,
                          IntPredicate ok, ConcurrentLinkedQueue<Long> latencies, AtomicLong errors)
            throws InterruptedException {
        long interval = (long) (1e9 / perUserPerSecond);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                long phase = java.util.concurrent.ThreadLocalRandom.current().nextLong(interval);
                executor.submit(() -> {
                    for (long due = start + phase; due < end; due += interval) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        timed(request.get(), due, ok, latencies, errors);
                    }
                });
            }
        }
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
     * @throws InterruptedException when interrupted
     */
    public LatencyStats open(String name, double perSecond, int maxInFlight, Duration measure,
                             Supplier<HttpUriRequestBase> request, IntPredicate ok) throws InterruptedException {
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
                        timed(request.get(), System.nanoTime(), ok, latencies, errors);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return LatencyStats.of(name, errors.get(), seconds, latencies.stream().mapToLong(Long::longValue).toArray());
    }

    private void runClosed(int concurrency, Duration length, Supplier<HttpUriRequestBase> request, IntPredicate ok,
                           ConcurrentLinkedQueue<Long> latencies, AtomicLong errors) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                executor.submit(() -> {
                    while (System.nanoTime() < end) {
                        timed(request.get(), System.nanoTime(), ok, latencies, errors);
                    }
                });
            }
        }
    }

    /**
     * Sends one request and reads its whole answer.
     *
     * @param request the request
     * @return the status code
     * @throws IOException when the exchange fails
     */
    public int send(HttpUriRequestBase request) throws IOException {
        return client.execute(request, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    /** Sends a request and records its latency from {@code begin} (when it was sent, or when it was due). */
    private void timed(HttpUriRequestBase request, long begin, IntPredicate ok, ConcurrentLinkedQueue<Long> latencies,
                       AtomicLong errors) {
        try {
            int status = send(request);
            latencies.add(System.nanoTime() - begin);
            if (!ok.test(status)) {
                errors.incrementAndGet();
            }
        } catch (IOException e) {
            latencies.add(System.nanoTime() - begin);
            errors.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
