package io.streamcream.bench.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every request of a suite run: route, phase, start time, latency, status; grouped into per-route statistics. */
final class Recorder {

    /**
     * One request.
     *
     * @param route       route label
     * @param phase       scenario
     * @param startMillis start, milliseconds since the run began
     * @param nanos       latency
     * @param status      HTTP status, -1 for an I/O failure
     * @param ok          whether it counts as success
     */
    record Sample(String route, String phase, long startMillis, long nanos, int status, boolean ok) {
    }

    private final long t0 = System.nanoTime();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final HttpClient client;
    private volatile String phase = "setup";
    private final List<String[]> phases = new ArrayList<>();

    Recorder(HttpClient client) {
        this.client = client;
    }

    synchronized void phase(String name) {
        phase = name;
        phases.add(new String[] {name, Long.toString(nowMillis())});
    }

    List<String[]> phases() {
        return List.copyOf(phases);
    }

    long nowMillis() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Sends and records; returns the response or null on an I/O failure. */
    HttpResponse<byte[]> send(String route, HttpRequest request, int... okStatuses) {
        long begin = System.nanoTime();
        long start = (begin - t0) / 1_000_000;
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            boolean ok = okStatuses.length == 0 ? response.statusCode() < 400 : contains(okStatuses, response.statusCode());
            samples.add(new Sample(route, phase, start, System.nanoTime() - begin, response.statusCode(), ok));
            return response;
        } catch (IOException e) {
            samples.add(new Sample(route, phase, start, System.nanoTime() - begin, -1, false));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void record(String route, long startMillis, long nanos, int status, boolean ok) {
        samples.add(new Sample(route, phase, startMillis, nanos, status, ok));
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** @return statistics per route label, in first-seen order */
    Map<String, LatencyStats> byRoute() {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample sample : samples) {
            groups.computeIfAbsent(sample.route(), r -> new ArrayList<>()).add(sample);
        }
        Map<String, LatencyStats> stats = new LinkedHashMap<>();
        groups.forEach((route, list) -> {
            long first = list.stream().mapToLong(Sample::startMillis).min().orElse(0);
            long last = list.stream().mapToLong(s -> s.startMillis() + s.nanos() / 1_000_000).max().orElse(first + 1);
            long errors = list.stream().filter(s -> !s.ok()).count();
            stats.put(route, LatencyStats.of(route, errors, Math.max(0.001, (last - first) / 1000.0),
                    list.stream().mapToLong(Sample::nanos).toArray()));
        });
        return stats;
    }

    /** @return status code counts per route */
    Map<String, Map<Integer, Integer>> statuses() {
        Map<String, Map<Integer, Integer>> result = new LinkedHashMap<>();
        for (Sample sample : samples) {
            result.computeIfAbsent(sample.route(), r -> new TreeMap<>()).merge(sample.status(), 1, Integer::sum);
        }
        return result;
    }
}
