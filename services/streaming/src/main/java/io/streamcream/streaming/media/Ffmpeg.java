package io.streamcream.streaming.media;

import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Loading the FFmpeg libraries, error texts, small helpers and the count of live native contexts
 * (tests and {@code /metrics}-style status use it to prove nothing leaks).
 */
public final class Ffmpeg {

    /** {@code AVERROR(EAGAIN)} on Linux. */
    static final int EAGAIN = -11;
    /** {@code AVERROR(ENOMEM)} on Linux. */
    static final int ENOMEM = -12;
    /** {@code AVERROR(EINVAL)} on Linux. */
    static final int EINVAL = -22;

    /** Milliseconds, the time base of MediaRecorder timestamps and of our video encoder. */
    static final AVRational MILLIS = rational(1, 1000);

    private static final AtomicInteger LIVE = new AtomicInteger();
    private static volatile boolean loaded;

    private Ffmpeg() {
    }

    /**
     * Loads the native libraries (about 2 s the first time, when JavaCPP extracts them) and quiets
     * FFmpeg's own logging down to errors.
     *
     * @return the FFmpeg version
     */
    public static synchronized String load() {
        if (!loaded) {
            Loader.load(avutil.class);
            Loader.load(avcodec.class);
            Loader.load(avformat.class);
            Loader.load(swscale.class);
            Loader.load(swresample.class);
            avutil.av_log_set_level(avutil.AV_LOG_FATAL);
            avformat.avformat_network_init();
            loaded = true;
        }
        return avutil.av_version_info().getString();
    }

    /** @return how many native contexts are open right now, over all pipelines */
    public static int liveContexts() {
        return LIVE.get();
    }

    static void opened() {
        LIVE.incrementAndGet();
    }

    static void closed() {
        LIVE.decrementAndGet();
    }

    /**
     * @param code FFmpeg error code
     * @return its text
     */
    static String describe(int code) {
        try (BytePointer buffer = new BytePointer(256)) {
            if (avutil.av_strerror(code, buffer, 256) < 0) {
                return "error " + code;
            }
            byte[] bytes = new byte[256];
            buffer.get(bytes);
            int length = 0;
            while (length < bytes.length && bytes[length] != 0) {
                length++;
            }
            return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
        }
    }

    /**
     * Throws when an FFmpeg call failed.
     *
     * @param result  the call's result
     * @param context what was being done, for the message
     * @return the result when it is not an error
     */
    static int check(int result, String context) {
        if (result < 0) {
            throw new MediaException(result, context + ": " + describe(result));
        }
        return result;
    }

    static AVRational rational(int num, int den) {
        AVRational value = new AVRational();
        value.num(num);
        value.den(den);
        return value;
    }

    /**
     * Builds an options dictionary; free it with {@link avutil#av_dict_free(AVDictionary)}.
     *
     * @param pairs key, value, key, value …
     * @return the dictionary
     */
    static AVDictionary options(String... pairs) {
        AVDictionary dictionary = new AVDictionary(null);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            avutil.av_dict_set(dictionary, pairs[i], pairs[i + 1], 0);
        }
        return dictionary;
    }
}
