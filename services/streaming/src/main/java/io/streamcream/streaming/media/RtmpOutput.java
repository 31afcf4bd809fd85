package io.streamcream.streaming.media;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * One destination: the FLV muxer and its RTMP connection. Connecting and every write run under a
 * deadline enforced by the interrupt callback, so a dead or stalled server is detected instead of
 * blocking forever; {@code rw_timeout} backs it up at the socket level.
 */
final class RtmpOutput implements AutoCloseable {

    /** Codec parameters and time base of one output track. */
    record Track(AVCodecParameters parameters, AVRational timeBase) {
    }

    private final String url;
    private final Callbacks.Handle handle;
    private final BooleanSupplier aborted;
    private volatile long deadline;
    private AVFormatContext format;
    private boolean headerWritten;
    private volatile long bytes;
    private boolean closed;

    private RtmpOutput(String url, BooleanSupplier aborted) {
        this.url = url;
        this.aborted = aborted;
        this.handle = new Callbacks.Handle(null, this::interrupted);
        Ffmpeg.opened();
    }

    /**
     * Connects and writes the FLV header.
     *
     * @param url            the rtmp:// or rtmps:// address (validated before)
     * @param tracks         the output tracks
     * @param connectTimeout longest connect and handshake, in milliseconds
     * @param aborted        whether the pipeline gave up
     * @return the open destination
     */
    static RtmpOutput open(String url, List<Track> tracks, long connectTimeout, BooleanSupplier aborted) {
        RtmpOutput output = new RtmpOutput(url, aborted);
        try {
            output.connect(tracks, connectTimeout);
            return output;
        } catch (RuntimeException e) {
            output.close();
            throw e;
        }
    }

    private boolean interrupted() {
        long limit = deadline;
        return aborted.getAsBoolean() || (limit != 0 && System.nanoTime() - limit > 0);
    }

    private void connect(List<Track> tracks, long connectTimeout) {
        AVFormatContext context = new AVFormatContext(null);
        Ffmpeg.check(avformat.avformat_alloc_output_context2(context, (AVOutputFormat) null, "flv", url), "flv muxer");
        format = context;
        handle.install(format.interrupt_callback());
        format.max_interleave_delta(500_000);
        format.flush_packets(1);
        for (Track track : tracks) {
            AVStream stream = avformat.avformat_new_stream(format, null);
            if (stream == null || stream.isNull()) {
                throw new MediaException(Ffmpeg.ENOMEM, "out of memory");
            }
            Ffmpeg.check(avcodec.avcodec_parameters_copy(stream.codecpar(), track.parameters()), "output stream");
            stream.codecpar().codec_tag(0);
            stream.time_base(track.timeBase());
        }
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeout);
        AVIOContext pb = new AVIOContext(null);
        AVDictionary options = Ffmpeg.options("rw_timeout", Long.toString(connectTimeout * 1000), "tcp_nodelay", "1");
        int result;
        try {
            result = avformat.avio_open2(pb, url, avformat.AVIO_FLAG_WRITE, format.interrupt_callback(), options);
        } finally {
            avutil.av_dict_free(options);
        }
        if (result < 0) {
            throw new MediaException(result, (aborted.getAsBoolean() ? "已取消" : interrupted() ? "连接超时" : "无法连接")
                    + ": " + Ffmpeg.describe(result));
        }
        format.pb(pb);
        AVDictionary muxerOptions = Ffmpeg.options("flvflags", "no_duration_filesize");
        try {
            result = avformat.avformat_write_header(format, muxerOptions);
        } finally {
            avutil.av_dict_free(muxerOptions);
        }
        deadline = 0;
        Ffmpeg.check(result, "RTMP 握手失败");
        headerWritten = true;
    }

    /**
     * @param index track index
     * @return the time base the muxer chose for that track
     */
    AVRational timeBase(int index) {
        return format.streams(index).time_base();
    }

    /**
     * Writes a packet (taking over its data reference) under the write deadline.
     *
     * @param packet       packet whose timestamps are already in {@link #timeBase(int)}
     * @param writeTimeout longest blocking write, in milliseconds
     * @return 0 or a negative FFmpeg error
     */
    int write(AVPacket packet, long writeTimeout) {
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(writeTimeout);
        try {
            int result = avformat.av_interleaved_write_frame(format, packet);
            if (result >= 0 && format.pb() != null && !format.pb().isNull()) {
                bytes = avformat.avio_tell(format.pb());
            }
            return result;
        } finally {
            deadline = 0;
        }
    }

    /**
     * Flushes what the muxer holds and writes the FLV trailer.
     *
     * @param timeout longest wait, in milliseconds
     */
    void finish(long timeout) {
        if (!headerWritten) {
            return;
        }
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        try {
            avformat.av_write_trailer(format);
            headerWritten = false;
            if (format.pb() != null && !format.pb().isNull()) {
                bytes = avformat.avio_tell(format.pb());
            }
        } finally {
            deadline = 0;
        }
    }

    /** @return FLV bytes written so far */
    long bytesWritten() {
        return bytes;
    }

    /** @return the destination address */
    String url() {
        return url;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (format != null) {
            if (format.pb() != null && !format.pb().isNull()) {
                // Bounded like every other I/O: a stalled server cannot hold the close.
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                AVIOContext pb = format.pb();
                avformat.avio_closep(pb);
                format.pb((AVIOContext) null);
                deadline = 0;
            }
            avformat.avformat_free_context(format);
            format = null;
        }
        handle.close();
        Ffmpeg.closed();
    }
}
