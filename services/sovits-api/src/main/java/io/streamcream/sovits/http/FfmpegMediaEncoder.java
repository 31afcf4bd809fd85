package io.streamcream.sovits.http;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

import io.streamcream.sovits.audio.Resampler;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * api_v2's media types, encoded in-process: WAV and raw PCM by hand, AAC (ADTS) with FFmpeg's
 * native encoder and Ogg Opus with libopus through JavaCPP (no ffmpeg executable). Each call
 * returns one complete stream, as upstream's chunks are.
 */
final class FfmpegMediaEncoder implements MediaEncoder {

    private static final int OPUS_RATE = 48_000;

    @Override
    public byte[] encode(String mediaType, short[] pcm, int sampleRate) {
        return switch (mediaType) {
            case "wav" -> SpeechAudio.wav(pcm, sampleRate);
            case "raw" -> SpeechAudio.raw(pcm);
            case "aac" -> compressed("adts", "aac", floats(pcm), sampleRate, 128_000, true);
            case "ogg" -> compressed("ogg", "libopus", Resampler.resample(floats(pcm), sampleRate, OPUS_RATE), OPUS_RATE,
                    64_000, false);
            default -> throw new IllegalArgumentException("media_type: " + mediaType + " is not supported");
        };
    }

    private static float[] floats(short[] pcm) {
        float[] out = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = pcm[i] / 32768f;
        }
        return out;
    }

    /** One mono stream through an encoder and a muxer into memory. Every native object is freed in finally. */
    private static byte[] compressed(String muxer, String encoderName, float[] samples, int rate, long bitRate,
                                     boolean planar) {
        AVFormatContext format = new AVFormatContext(null);
        AVCodecContext codec = null;
        AVFrame frame = null;
        AVPacket packet = null;
        boolean ioOpen = false;
        try {
            check(avformat_alloc_output_context2(format, null, muxer, null), "output " + muxer);
            AVCodec encoder = avcodec_find_encoder_by_name(encoderName);
            if (encoder == null || encoder.isNull()) {
                throw new IllegalStateException("FFmpeg has no encoder " + encoderName);
            }
            AVStream stream = avformat_new_stream(format, null);
            codec = avcodec_alloc_context3(encoder);
            codec.sample_fmt(planar ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_FLT);
            codec.sample_rate(rate);
            av_channel_layout_default(codec.ch_layout(), 1);
            codec.bit_rate(bitRate);
            codec.time_base(av_make_q(1, rate));
            if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec_open2(codec, encoder, (AVDictionary) null), "open " + encoderName);
            check(avcodec_parameters_from_context(stream.codecpar(), codec), "parameters");
            stream.time_base(av_make_q(1, rate));
            PointerPointer<AVIOContext> io = new PointerPointer<>(1);
            check(avio_open_dyn_buf(io), "memory output");
            format.pb(new AVIOContext(io.get(0)));
            ioOpen = true;
            check(avformat_write_header(format, (AVDictionary) null), "header");

            frame = av_frame_alloc();
            packet = av_packet_alloc();
            int frameSize = codec.frame_size() > 0 ? codec.frame_size() : 1024;
            long pts = 0;
            for (int offset = 0; offset < samples.length; offset += frameSize) {
                int n = Math.min(frameSize, samples.length - offset);
                frame.nb_samples(n);
                frame.format(codec.sample_fmt());
                frame.sample_rate(rate);
                check(av_channel_layout_copy(frame.ch_layout(), codec.ch_layout()), "layout");
                check(av_frame_get_buffer(frame, 0), "frame buffer");
                new FloatPointer(frame.data(0)).capacity(n).put(samples, offset, n);
                frame.pts(pts);
                pts += n;
                check(avcodec_send_frame(codec, frame), "encode");
                drain(format, codec, stream, packet);
                av_frame_free(frame);
                frame = av_frame_alloc();
            }
            check(avcodec_send_frame(codec, null), "flush");
            drain(format, codec, stream, packet);
            check(av_write_trailer(format), "trailer");
            return closeMemory(format);
        } finally {
            if (ioOpen && format.pb() != null && !format.pb().isNull()) {
                closeMemory(format);
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (!format.isNull()) {
                avformat_free_context(format);
            }
        }
    }

    private static void drain(AVFormatContext format, AVCodecContext codec, AVStream stream, AVPacket packet) {
        while (true) {
            int result = avcodec_receive_packet(codec, packet);
            if (result == AVERROR_EAGAIN() || result == AVERROR_EOF) {
                return;
            }
            check(result, "receive packet");
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "write");
        }
    }

    private static byte[] closeMemory(AVFormatContext format) {
        PointerPointer<BytePointer> buffer = new PointerPointer<>(1);
        int size = avio_close_dyn_buf(format.pb(), buffer);
        format.pb(null);
        BytePointer data = new BytePointer(buffer.get(0));
        try {
            byte[] bytes = new byte[Math.max(0, size)];
            data.capacity(bytes.length).get(bytes);
            return bytes;
        } finally {
            av_free(data);
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            byte[] text = new byte[256];
            av_strerror(result, text, text.length);
            String message = new String(text, java.nio.charset.StandardCharsets.UTF_8).trim().replace("\u0000", "");
            throw new IllegalStateException("FFmpeg " + what + " failed: " + message + " (" + result + ")");
        }
    }
}
