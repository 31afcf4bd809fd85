package io.streamcream.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

import io.streamcream.streaming.media.Ffmpeg;

/**
 * A real RTMP server for one publisher on 127.0.0.1: FFmpeg's own RTMP listener ({@code listen=1})
 * in this JVM, reading the FLV stream with FFmpeg's FLV demuxer and recording what arrived. Public
 * for the streaming benchmark (test-jar).
 */
public final class RtmpSink implements AutoCloseable {

    private static final Map<Long, RtmpSink> SINKS = new ConcurrentHashMap<>();
    private static final AVIOInterruptCB.Callback_Pointer INTERRUPT = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            RtmpSink sink = SINKS.get(opaque.address());
            return sink == null || sink.stopped ? 1 : 0;
        }
    };

    /** What the listener received, as FFmpeg's FLV demuxer saw it. */
    public record Received(String videoCodec, String audioCodec, int width, int height, long videoPackets,
                    long audioPackets, long firstVideoMillis, long lastVideoMillis, long lastAudioMillis,
                    List<Long> keyframeMillis, int closeCode) {

        /** @return video duration: last minus first timestamp plus one frame */
        public double videoSeconds(int fps) {
            return (lastVideoMillis - firstVideoMillis) / 1000.0 + 1.0 / fps;
        }
    }

    private final int port;
    private final String key;
    private final LongPointer opaque = new LongPointer(1);
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long closedNanos;
    private volatile Received received;

    private RtmpSink(String key) {
        Ffmpeg.load();
        this.port = freePort();
        this.key = key;
        SINKS.put(opaque.address(), this);
        this.thread = Thread.ofPlatform().name("rtmp-sink-" + port).daemon(true).start(this::run);
        awaitListening();
    }

    /** @return a listener on a free port, already listening */
    public static RtmpSink start() {
        return new RtmpSink("key" + Long.toHexString(System.nanoTime()));
    }

    /** @return the application URL, without the key */
    public String serverUrl() {
        return "rtmp://127.0.0.1:" + port + "/live";
    }

    public String key() {
        return key;
    }

    public int port() {
        return port;
    }

    /**
     * @param timeoutMillis longest wait
     * @return whether a publisher connected
     */
    public boolean awaitConnected(long timeoutMillis) throws InterruptedException {
        return connected.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the publisher to close the connection.
     *
     * @param timeoutMillis longest wait
     * @return what was received, or null when the wait timed out
     */
    public Received awaitEnd(long timeoutMillis) throws InterruptedException {
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS) ? received : null;
    }

    /** @return {@link System#nanoTime()} when the connection ended, 0 before */
    public long closedNanos() {
        return closedNanos;
    }

    private void run() {
        AVFormatContext format = avformat.avformat_alloc_context();
        AVIOInterruptCB callback = format.interrupt_callback();
        callback.callback(INTERRUPT);
        callback.opaque(opaque);
        AVDictionary options = new AVDictionary(null);
        avutil.av_dict_set(options, "listen", "1", 0);
        avutil.av_dict_set(options, "timeout", "60", 0);
        String video = "";
        String audio = "";
        int width = 0;
        int height = 0;
        long videoPackets = 0;
        long audioPackets = 0;
        long firstVideo = Long.MIN_VALUE;
        long lastVideo = 0;
        long lastAudio = 0;
        List<Long> keyframes = new ArrayList<>();
        int code = 0;
        try {
            int result = avformat.avformat_open_input(format, serverUrl() + "/" + key, avformat.av_find_input_format("flv"), options);
            avutil.av_dict_free(options);
            if (result < 0) {
                code = result;
                return;
            }
            connected.countDown();
            AVPacket packet = avcodec.av_packet_alloc();
            while (true) {
                result = avformat.av_read_frame(format, packet);
                if (result < 0) {
                    code = result;
                    break;
                }
                AVStream stream = format.streams(packet.stream_index());
                long millis = avutil.av_rescale_q(packet.dts(), stream.time_base(), millis());
                int type = stream.codecpar().codec_type();
                if (type == avutil.AVMEDIA_TYPE_VIDEO) {
                    video = avcodec.avcodec_get_name(stream.codecpar().codec_id()).getString();
                    width = stream.codecpar().width();
                    height = stream.codecpar().height();
                    videoPackets++;
                    if (firstVideo == Long.MIN_VALUE) {
                        firstVideo = millis;
                    }
                    lastVideo = millis;
                    if ((packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
                        keyframes.add(millis);
                    }
                } else if (type == avutil.AVMEDIA_TYPE_AUDIO) {
                    audio = avcodec.avcodec_get_name(stream.codecpar().codec_id()).getString();
                    audioPackets++;
                    lastAudio = millis;
                }
                avcodec.av_packet_unref(packet);
            }
            avcodec.av_packet_free(packet);
            avformat.avformat_close_input(format);
        } finally {
            closedNanos = System.nanoTime();
            received = new Received(video, audio, width, height, videoPackets, audioPackets,
                    firstVideo == Long.MIN_VALUE ? 0 : firstVideo, lastVideo, lastAudio, keyframes, code);
            finished.countDown();
        }
    }

    private static org.bytedeco.ffmpeg.avutil.AVRational millis() {
        org.bytedeco.ffmpeg.avutil.AVRational value = new org.bytedeco.ffmpeg.avutil.AVRational();
        value.num(1);
        value.den(1000);
        return value;
    }

    private void awaitListening() {
        String hex = String.format(Locale.ROOT, ":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length > 3 && (parts[1] + " ").endsWith(hex) && parts[3].equals("0A")) {
                        return;
                    }
                }
                Thread.sleep(20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("RTMP listener did not start on port " + port);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5000);
        SINKS.remove(opaque.address());
        opaque.close();
    }
}
