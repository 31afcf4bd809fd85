package io.streamcream.streaming.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/** One open decoder or encoder ({@code AVCodecContext}). */
final class Codec implements AutoCloseable {

    /** AAC bit rate. */
    static final int AAC_BITRATE = 128_000;
    /** Output audio sample rate. */
    static final int SAMPLE_RATE = 48_000;

    private AVCodecContext context;
    private AVCodecParameters parameters;

    private Codec(AVCodecContext context) {
        this.context = context;
        Ffmpeg.opened();
    }

    /**
     * A decoder for a demuxed stream, single-threaded (frame threads only add latency here).
     *
     * @param stream the stream
     * @return the open decoder
     */
    static Codec decoder(AVStream stream) {
        AVCodecParameters parameters = stream.codecpar();
        AVCodec codec = avcodec.avcodec_find_decoder(parameters.codec_id());
        if (codec == null || codec.isNull()) {
            throw new MediaException(avutil.AVERROR_DECODER_NOT_FOUND, "不支持的编码: "
                    + avcodec.avcodec_get_name(parameters.codec_id()).getString());
        }
        Codec decoder = new Codec(avcodec.avcodec_alloc_context3(codec));
        try {
            Ffmpeg.check(avcodec.avcodec_parameters_to_context(decoder.context, parameters), "decoder parameters");
            decoder.context.pkt_timebase(stream.time_base());
            decoder.context.thread_count(1);
            Ffmpeg.check(avcodec.avcodec_open2(decoder.context, codec, (AVDictionary) null), "open decoder");
            return decoder;
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    /**
     * libx264: veryfast, zerolatency, Main profile, CBR at {@code kbps}, no B-frames, a keyframe at
     * least every two seconds, millisecond time base (browser timestamps vary), global header for FLV.
     *
     * @param width  picture width
     * @param height picture height
     * @param fps    nominal frame rate
     * @param kbps   bit rate
     * @return the open encoder
     */
    static Codec x264(int width, int height, int fps, int kbps) {
        AVCodec codec = avcodec.avcodec_find_encoder_by_name("libx264");
        if (codec == null || codec.isNull()) {
            throw new MediaException(avutil.AVERROR_ENCODER_NOT_FOUND, "libx264 is not available in this FFmpeg build");
        }
        Codec encoder = new Codec(avcodec.avcodec_alloc_context3(codec));
        AVCodecContext c = encoder.context;
        long bitRate = kbps * 1000L;
        c.width(width);
        c.height(height);
        c.pix_fmt(avutil.AV_PIX_FMT_YUV420P);
        c.time_base(Ffmpeg.MILLIS);
        c.framerate(Ffmpeg.rational(fps, 1));
        c.gop_size(2 * fps);
        c.keyint_min(fps);
        c.max_b_frames(0);
        c.bit_rate(bitRate);
        c.rc_min_rate(bitRate);
        c.rc_max_rate(bitRate);
        c.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, bitRate));
        c.thread_count(0);
        c.flags(c.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary options = Ffmpeg.options("preset", "veryfast", "tune", "zerolatency", "profile", "main",
                "x264-params", "scenecut=0:nal-hrd=cbr:force-cfr=0");
        try {
            Ffmpeg.check(avcodec.avcodec_open2(c, codec, options), "open libx264");
            return encoder;
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        } finally {
            avutil.av_dict_free(options);
        }
    }

    /**
     * FFmpeg's AAC encoder: LC, 48 kHz stereo, 128 kb/s, global header for FLV.
     *
     * @return the open encoder
     */
    static Codec aac() {
        AVCodec codec = avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_AAC);
        Codec encoder = new Codec(avcodec.avcodec_alloc_context3(codec));
        AVCodecContext c = encoder.context;
        c.sample_fmt(avutil.AV_SAMPLE_FMT_FLTP);
        c.sample_rate(SAMPLE_RATE);
        avutil.av_channel_layout_default(c.ch_layout(), 2);
        c.bit_rate(AAC_BITRATE);
        c.time_base(Ffmpeg.rational(1, SAMPLE_RATE));
        c.flags(c.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        try {
            Ffmpeg.check(avcodec.avcodec_open2(c, codec, (AVDictionary) null), "open aac");
            return encoder;
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** @return the encoder's parameters for a muxer stream (owned by this codec) */
    AVCodecParameters parameters() {
        if (parameters == null) {
            parameters = avcodec.avcodec_parameters_alloc();
            Ffmpeg.check(avcodec.avcodec_parameters_from_context(parameters, context), "codec parameters");
        }
        return parameters;
    }

    AVCodecContext context() {
        return context;
    }

    AVRational timeBase() {
        return context.time_base();
    }

    int send(AVPacket packet) {
        return avcodec.avcodec_send_packet(context, packet);
    }

    int send(AVFrame frame) {
        return avcodec.avcodec_send_frame(context, frame);
    }

    int receive(AVFrame frame) {
        return avcodec.avcodec_receive_frame(context, frame);
    }

    int receive(AVPacket packet) {
        return avcodec.avcodec_receive_packet(context, packet);
    }

    @Override
    public void close() {
        if (context != null) {
            if (parameters != null) {
                avcodec.avcodec_parameters_free(parameters);
                parameters = null;
            }
            avcodec.avcodec_free_context(context);
            context = null;
            Ffmpeg.closed();
        }
    }
}
