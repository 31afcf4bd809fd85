package io.streamcream.bench.streaming;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.streamcream.streaming.RtmpSink;
import io.streamcream.streaming.TestMedia;
import io.streamcream.streaming.media.Destination;
import io.streamcream.streaming.media.Ffmpeg;
import io.streamcream.streaming.media.LatencyHistogram;
import io.streamcream.streaming.media.Pipeline;
import io.streamcream.streaming.media.PipelineListener;
import io.streamcream.streaming.media.PipelineSpec;

/**
 * Capacity of the streaming pipeline on this machine: N concurrent 720p30 live streams, each fed in
 * 100 ms chunks at real time (as MediaRecorder does) into its own in-process pipeline and pushed to
 * its own RTMP listener on 127.0.0.1. Copy mode (H.264 + Opus in Matroska, as Chrome records: video
 * copied, Opus encoded to AAC), copy-mp4 mode (H.264 + AAC in fragmented MP4, as Safari and new Chrome
 * record: both tracks copied) and transcode mode (VP8 + Opus in, libx264 + AAC out). A point "holds
 * real time" when every stream delivers all its frames without error, the
 * chunk-to-RTMP latency p99 of every stream stays under 1 s and every stream drains within 1 s of its
 * last chunk. CPU comes from /proc: the whole process, and the pipeline threads (named
 * {@code stream-*}; x264's own threads inherit the name) apart from the in-process RTMP listeners.
 *
 * <p>Arguments: {@code --copy=10,25,50} {@code --copy-mp4=} (none by default) {@code --transcode=1,2,3,4}
 * {@code --seconds=15}. Within
 * a mode the points run in order and stop after the first that does not hold real time.
 */
public final class StreamingBenchmark {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FPS = 30;
    private static final int KBPS = 2500;
    private static final int CHUNK_MILLIS = 100;
    private static final double CLOCK_TICKS = 100.0;
    private static final double MAX_P99_MILLIS = 1000;
    private static final double MAX_DRAIN_SECONDS = 1.0;

    private StreamingBenchmark() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the benchmark cannot run
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("copy", "10,25,50", "copy-mp4", "", "transcode", "1,2,3,4",
                "seconds", "15"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        int seconds = Integer.parseInt(options.get("seconds"));
        System.out.println("FFmpeg " + Ffmpeg.load() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + seconds + " s of " + WIDTH + "x" + HEIGHT + "@" + FPS + " per stream, " + CHUNK_MILLIS + " ms chunks");
        List<String> rows = new ArrayList<>();
        for (String mode : List.of("copy", "copy-mp4", "transcode")) {
            List<Integer> counts = parse(options.get(mode));
            if (counts.isEmpty()) {
                continue;
            }
            long generating = System.nanoTime();
            TestMedia.Clip clip = switch (mode) {
                case "copy" -> TestMedia.h264Opus(WIDTH, HEIGHT, FPS, seconds, KBPS);
                case "copy-mp4" -> TestMedia.h264AacFragmentedMp4(WIDTH, HEIGHT, FPS, seconds, KBPS);
                default -> TestMedia.vp8Opus(WIDTH, HEIGHT, FPS, seconds, KBPS);
            };
            System.out.printf(Locale.ROOT, "%s input: %s + %s, %.1f MB, generated in %.1f s%n", mode,
                    clip.videoCodec(), mode.equals("copy-mp4") ? "AAC" : "Opus", clip.bytes().length / 1e6,
                    (System.nanoTime() - generating) / 1e9);
            for (int count : counts) {
                Result result = run(mode, clip, count, seconds);
                rows.add(result.row());
                System.out.println(Result.HEADER);
                System.out.println(result.row());
                if (!result.holds()) {
                    break;
                }
            }
        }
        System.out.println();
        System.out.println(Result.HEADER);
        rows.forEach(System.out::println);
    }

    private static List<Integer> parse(String list) {
        return list.isBlank() ? List.of() : Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    /** One stream of a point. */
    private static final class Stream implements PipelineListener {
        final RtmpSink sink;
        final Pipeline pipeline;
        volatile Optional<String> error = Optional.empty();
        volatile long lastChunkNanos;
        volatile long finishedNanos;

        Stream(String name, PipelineSpec template) {
            this.sink = RtmpSink.start();
            PipelineSpec spec = new PipelineSpec(List.of(sink.serverUrl() + "/" + sink.key()), template.width(),
                    template.height(), template.fps(), template.kbps(), false, template.queueBytes(),
                    template.connectTimeoutMillis(), template.writeTimeoutMillis());
            this.pipeline = Pipeline.start(name, spec, this);
        }

        @Override
        public void connected(List<Destination> connected, String mode) {
            // Nothing to do: progress is read from the pipeline.
        }

        @Override
        public void destinationFailed(Destination destination) {
            error = Optional.of(destination.error());
        }

        @Override
        public void finished(Optional<String> failure, boolean aborted) {
            finishedNanos = System.nanoTime();
            if (failure.isPresent()) {
                error = failure;
            }
        }
    }

    private static Result run(String mode, TestMedia.Clip clip, int count, int seconds) throws Exception {
        byte[] bytes = clip.bytes();
        int chunks = seconds * 1000 / CHUNK_MILLIS;
        int size = (bytes.length + chunks - 1) / chunks;
        PipelineSpec template = new PipelineSpec(List.of(), WIDTH, HEIGHT, FPS, KBPS, false, 32L * 1024 * 1024,
                5000, 5000);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            streams.add(new Stream(String.format(Locale.ROOT, "b%03d", i), template));
        }
        CpuSampler sampler = new CpuSampler();
        Thread samplerThread = Thread.ofPlatform().name("bench-cpu").daemon(true).start(sampler);
        long processStart = processTicks();
        long start = System.nanoTime();
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> feeders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Stream stream = streams.get(i);
            long offset = TimeUnit.MILLISECONDS.toNanos(CHUNK_MILLIS) * i / count;
            feeders.add(Thread.ofVirtual().name("feeder-" + i).start(() -> {
                try {
                    for (int k = 0; k < chunks; k++) {
                        long due = start + offset + TimeUnit.MILLISECONDS.toNanos((long) k * CHUNK_MILLIS);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        int from = k * size;
                        if (from >= bytes.length) {
                            break;
                        }
                        byte[] chunk = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size));
                        if (!stream.pipeline.offer(chunk, Duration.ofSeconds(10))) {
                            failed.set(true);
                            break;
                        }
                    }
                    stream.lastChunkNanos = System.nanoTime();
                    stream.pipeline.endOfStream(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread feeder : feeders) {
            feeder.join();
        }
        for (Stream stream : streams) {
            if (!stream.pipeline.awaitTermination(Duration.ofSeconds(15))) {
                stream.pipeline.abort();
                stream.pipeline.awaitTermination(Duration.ofSeconds(5));
                stream.error = Optional.of("did not finish");
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double processCpu = (processTicks() - processStart) / CLOCK_TICKS;
        sampler.stop();
        samplerThread.join();

        LatencyHistogram.Snapshot all = LatencyHistogram.Snapshot.empty();
        double worstP99 = 0;
        double worstDrain = 0;
        long framesShort = 0;
        List<String> errors = new ArrayList<>();
        for (Stream stream : streams) {
            LatencyHistogram.Snapshot latency = stream.pipeline.latency();
            all = all.plus(latency);
            worstP99 = Math.max(worstP99, latency.millis(99));
            worstDrain = Math.max(worstDrain, (stream.finishedNanos - stream.lastChunkNanos) / 1e9);
            framesShort += Math.max(0, clip.videoFrames() - stream.pipeline.videoFrames());
            stream.error.ifPresent(errors::add);
            stream.sink.awaitEnd(5000);
            stream.sink.close();
        }
        boolean holds = errors.isEmpty() && !failed.get() && framesShort == 0 && worstP99 < MAX_P99_MILLIS
                && worstDrain < MAX_DRAIN_SECONDS;
        if (!errors.isEmpty()) {
            System.out.println("errors: " + errors.subList(0, Math.min(5, errors.size())));
        }
        if (Ffmpeg.liveContexts() != 0) {
            System.out.println("warning: " + Ffmpeg.liveContexts() + " native contexts still open");
        }
        return new Result(mode, count, seconds, wall, processCpu, sampler.seconds("stream-"), sampler.seconds("rtmp-sink-"),
                all, worstP99, worstDrain, framesShort, holds);
    }

    /** utime + stime of the whole process, in clock ticks. */
    private static long processTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * Samples every thread's CPU time twice a second, keeping the last value per thread (threads
     * end with their stream), so the CPU of the pipeline threads can be summed by name.
     */
    private static final class CpuSampler implements Runnable {
        private final Map<String, Long> ticks = new ConcurrentHashMap<>();
        private final Map<String, String> names = new ConcurrentHashMap<>();
        private volatile boolean stopped;

        @Override
        public void run() {
            while (!stopped) {
                sample();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
            sample();
        }

        void stop() {
            stopped = true;
        }

        private void sample() {
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        String id = task.getFileName().toString();
                        ticks.put(id, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                        names.put(id, name);
                    } catch (IOException | RuntimeException e) {
                        // The thread ended between listing and reading: its last sample stands.
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** @return CPU seconds of the threads whose name starts with the prefix (since the sampler started) */
        double seconds(String prefix) {
            return ticks.entrySet().stream().filter(e -> names.getOrDefault(e.getKey(), "").startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum() / CLOCK_TICKS;
        }
    }

    /** One point. */
    private record Result(String mode, int streams, int seconds, double wall, double processCpu, double pipelineCpu,
                          double sinkCpu, LatencyHistogram.Snapshot latency, double worstP99, double worstDrain,
                          long framesShort, boolean holds) {

        static final String HEADER = "| mode | streams | holds real time | pipeline CPU per stream (cores) "
                + "| pipeline CPU total (cores) | process CPU (cores) | RTMP listeners CPU (cores) "
                + "| latency p50 / p95 / p99 / max ms | worst stream p99 ms | worst drain s | frames missing |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|";

        String row() {
            double media = seconds;
            return String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.2f | %.2f | %.2f | %.0f / %.0f / %.0f / %.0f | %.0f | %.2f | %d |",
                    mode, streams, holds ? "yes" : "no", pipelineCpu / streams / media, pipelineCpu / wall,
                    processCpu / wall, sinkCpu / wall, latency.millis(50), latency.millis(95), latency.millis(99),
                    latency.maxMillis(), worstP99, worstDrain, framesShort);
        }
    }
}
