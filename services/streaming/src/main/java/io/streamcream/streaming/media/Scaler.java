package io.streamcream.streaming.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Brings every decoded picture to the encoder's size and pixel format (browsers change resolution
 * mid-stream). Owns the scaler and one output frame whose buffers are renewed per picture, so the
 * encoder may keep references to earlier ones.
 */
final class Scaler implements AutoCloseable {

    private final int width;
    private final int height;
    private SwsContext context;
    private AVFrame output;

    Scaler(int width, int height) {
        this.width = width;
        this.height = height;
        this.output = avutil.av_frame_alloc();
        Ffmpeg.opened();
    }

    /**
     * @param frame a decoded picture
     * @return whether it must be converted
     */
    boolean needed(AVFrame frame) {
        return frame.width() != width || frame.height() != height || frame.format() != avutil.AV_PIX_FMT_YUV420P;
    }

    /**
     * Converts a picture.
     *
     * @param frame the decoded picture
     * @return the converted picture, valid until the next call
     */
    AVFrame convert(AVFrame frame) {
        context = swscale.sws_getCachedContext(context, frame.width(), frame.height(), frame.format(),
                width, height, avutil.AV_PIX_FMT_YUV420P, swscale.SWS_BILINEAR,
                (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
        if (context == null || context.isNull()) {
            throw new MediaException(Ffmpeg.EINVAL, "unsupported picture format " + frame.format());
        }
        avutil.av_frame_unref(output);
        output.width(width);
        output.height(height);
        output.format(avutil.AV_PIX_FMT_YUV420P);
        Ffmpeg.check(avutil.av_frame_get_buffer(output, 0), "picture buffer");
        Ffmpeg.check(swscale.sws_scale(context, frame.data(), frame.linesize(), 0, frame.height(),
                output.data(), output.linesize()), "scale");
        output.pts(frame.pts());
        return output;
    }

    @Override
    public void close() {
        if (output != null) {
            avutil.av_frame_free(output);
            output = null;
            if (context != null) {
                swscale.sws_freeContext(context);
                context = null;
            }
            Ffmpeg.closed();
        }
    }
}
