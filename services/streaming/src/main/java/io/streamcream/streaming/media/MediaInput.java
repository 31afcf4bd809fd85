package io.streamcream.streaming.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * The demuxer over our own read callback: custom {@code AVIOContext} (with its {@code av_malloc}
 * buffer) and the input {@code AVFormatContext}. The container format is forced, never probed.
 */
final class MediaInput implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Callbacks.Handle handle;
    private AVIOContext avio;
    private AVFormatContext format;
    private boolean closed;

    private MediaInput(Callbacks.Handle handle) {
        this.handle = handle;
        Ffmpeg.opened();
    }

    /**
     * Opens the demuxer; blocks in the read callback until the header has arrived.
     *
     * @param container   FFmpeg demuxer name ({@code matroska} or {@code mov})
     * @param reader      where bytes come from
     * @param interrupter when to give up
     * @return the open input
     */
    static MediaInput open(String container, Callbacks.Reader reader, Callbacks.Interrupter interrupter) {
        MediaInput input = new MediaInput(new Callbacks.Handle(reader, interrupter));
        try {
            input.openDemuxer(container);
            return input;
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private void openDemuxer(String container) {
        BytePointer buffer = new BytePointer(avutil.av_malloc(BUFFER_SIZE));
        if (buffer.isNull()) {
            throw new MediaException(Ffmpeg.ENOMEM, "out of memory");
        }
        avio = avformat.avio_alloc_context(buffer, BUFFER_SIZE, 0, handle.opaque(), Callbacks.READ,
                (Write_packet_Pointer_BytePointer_int) null, (Seek_Pointer_long_int) null);
        if (avio == null || avio.isNull()) {
            avutil.av_free(buffer);
            avio = null;
            throw new MediaException(Ffmpeg.ENOMEM, "out of memory");
        }
        AVFormatContext context = avformat.avformat_alloc_context();
        context.pb(avio);
        context.flags(context.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
        handle.install(context.interrupt_callback());
        AVInputFormat demuxer = avformat.av_find_input_format(container);
        AVDictionary options = Ffmpeg.options();
        int result;
        try {
            result = avformat.avformat_open_input(context, (String) null, demuxer, options);
        } finally {
            avutil.av_dict_free(options);
        }
        if (result < 0) {
            // FFmpeg freed the context itself (but not our custom I/O).
            throw new MediaException(result, "无法解析媒体流: " + Ffmpeg.describe(result));
        }
        format = context;
    }

    /** @return number of streams */
    int streamCount() {
        return format.nb_streams();
    }

    /**
     * @param index stream index
     * @return the stream
     */
    AVStream stream(int index) {
        return format.streams(index);
    }

    /**
     * @param type media type
     * @return the index of the best stream of that type, or -1
     */
    int bestStream(int type) {
        int index = avformat.av_find_best_stream(format, type, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
        return index < 0 ? -1 : index;
    }

    /**
     * @param packet receives the next packet
     * @return 0, or a negative FFmpeg code ({@code AVERROR_EOF} at the end)
     */
    int read(AVPacket packet) {
        return avformat.av_read_frame(format, packet);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (format != null) {
            avformat.avformat_close_input(format);
            format = null;
        }
        if (avio != null) {
            // FFmpeg may have replaced the buffer: free the current one, not the one we passed in.
            avutil.av_free(avio.buffer());
            avformat.avio_context_free(avio);
            avio = null;
        }
        handle.close();
        Ffmpeg.closed();
    }
}
