package io.streamcream.streaming.media;

import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * Decoded audio of any layout and rate → planar float stereo 48 kHz, buffered in an
 * {@code AVAudioFifo} and handed out in the encoder's frame size (Opus delivers 960 or 2880
 * samples, AAC takes 1024).
 */
final class Resampler implements AutoCloseable {

    private SwrContext context;
    private AVAudioFifo fifo;
    private AVFrame converted;
    private boolean configured;

    Resampler() {
        context = swresample.swr_alloc();
        fifo = avutil.av_audio_fifo_alloc(avutil.AV_SAMPLE_FMT_FLTP, 2, Codec.SAMPLE_RATE);
        converted = avutil.av_frame_alloc();
        if (context == null || context.isNull() || fifo == null || fifo.isNull() || converted == null || converted.isNull()) {
            free();
            throw new MediaException(Ffmpeg.ENOMEM, "out of memory");
        }
        Ffmpeg.opened();
    }

    /**
     * Converts a decoded frame (or flushes the resampler when {@code frame} is null) into the FIFO.
     *
     * @param frame decoded audio, or null at the end
     */
    void push(AVFrame frame) {
        if (frame == null && !configured) {
            return;
        }
        prepareOutput(frame == null ? 0 : frame.nb_samples(), frame);
        int result = swresample.swr_convert_frame(context, converted, frame);
        if (result == avutil.AVERROR_INPUT_CHANGED) {
            // The browser switched sample rate or layout: start again with the new input.
            swresample.swr_close(context);
            configured = false;
            prepareOutput(frame == null ? 0 : frame.nb_samples(), frame);
            result = swresample.swr_convert_frame(context, converted, frame);
        }
        Ffmpeg.check(result, "resample");
        if (converted.nb_samples() > 0) {
            Ffmpeg.check(avutil.av_audio_fifo_write(fifo, converted.data(), converted.nb_samples()), "audio fifo");
        }
    }

    private void prepareOutput(int inputSamples, AVFrame frame) {
        avutil.av_frame_unref(converted);
        converted.format(avutil.AV_SAMPLE_FMT_FLTP);
        converted.sample_rate(Codec.SAMPLE_RATE);
        avutil.av_channel_layout_default(converted.ch_layout(), 2);
        if (!configured && frame != null) {
            Ffmpeg.check(swresample.swr_config_frame(context, converted, frame), "configure resampler");
            Ffmpeg.check(swresample.swr_init(context), "start resampler");
            configured = true;
        }
        converted.nb_samples(Math.max(swresample.swr_get_out_samples(context, inputSamples), 1));
        Ffmpeg.check(avutil.av_frame_get_buffer(converted, 0), "audio buffer");
    }

    /** @return samples waiting */
    int available() {
        return avutil.av_audio_fifo_size(fifo);
    }

    /**
     * Takes samples out into a new frame.
     *
     * @param samples how many (at most {@link #available()})
     * @return a frame the caller frees
     */
    AVFrame take(int samples) {
        AVFrame frame = avutil.av_frame_alloc();
        frame.format(avutil.AV_SAMPLE_FMT_FLTP);
        frame.sample_rate(Codec.SAMPLE_RATE);
        avutil.av_channel_layout_default(frame.ch_layout(), 2);
        frame.nb_samples(samples);
        int result = avutil.av_frame_get_buffer(frame, 0);
        if (result >= 0) {
            result = avutil.av_audio_fifo_read(fifo, frame.data(), samples);
        }
        if (result < 0) {
            avutil.av_frame_free(frame);
            Ffmpeg.check(result, "audio fifo");
        }
        return frame;
    }

    private void free() {
        if (converted != null) {
            avutil.av_frame_free(converted);
            converted = null;
        }
        if (fifo != null) {
            avutil.av_audio_fifo_free(fifo);
            fifo = null;
        }
        if (context != null) {
            swresample.swr_free(context);
            context = null;
        }
    }

    @Override
    public void close() {
        if (context != null) {
            free();
            Ffmpeg.closed();
        }
    }
}
