package io.streamcream.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

import io.streamcream.streaming.media.Ffmpeg;

/**
 * Generates test streams with JavaCPP FFmpeg, shaped like MediaRecorder output: live WebM/Matroska
 * (no cues, no duration) or fragmented MP4 (Safari, new Chrome), a moving test picture and a 440 Hz
 * tone. Public for the streaming benchmark (test-jar).
 */
public final class TestMedia {

    /**
     * What was generated.
     *
     * @param bytes       the stream
     * @param videoFrames video frames in it
     * @param seconds     its duration
     * @param videoCodec  the encoder used
     */
    public record Clip(byte[] bytes, int videoFrames, double seconds, String videoCodec) {
    }

    private static final int DEFAULT_KBPS = 400;

    private TestMedia() {
    }

    /** @return VP8 + Opus in WebM, as Chrome's {@code video/webm;codecs=vp8,opus} */
    public static Clip vp8Opus(int width, int height, int fps, double seconds) {
        return vp8Opus(width, height, fps, seconds, DEFAULT_KBPS);
    }

    /** @return VP8 + Opus in WebM at {@code kbps} video bit rate */
    public static Clip vp8Opus(int width, int height, int fps, double seconds, int kbps) {
        return generate("webm", "libvpx", "libopus", width, height, fps, seconds, kbps);
    }

    /** @return H.264 (no B-frames) + Opus in Matroska, as Chrome's {@code video/x-matroska;codecs=avc1,opus} */
    public static Clip h264Opus(int width, int height, int fps, double seconds) {
        return h264Opus(width, height, fps, seconds, DEFAULT_KBPS);
    }

    /** @return H.264 + Opus in Matroska at {@code kbps} video bit rate */
    public static Clip h264Opus(int width, int height, int fps, double seconds, int kbps) {
        return generate("matroska", "libx264", "libopus", width, height, fps, seconds, kbps);
    }

    /**
     * @return H.264 + AAC in fragmented MP4 ({@code movflags=frag_keyframe+empty_moov+default_base_moof}),
     *         as Safari's and new Chrome's {@code video/mp4;codecs=avc1,mp4a.40.2}
     */
    public static Clip h264AacFragmentedMp4(int width, int height, int fps, double seconds) {
        return h264AacFragmentedMp4(width, height, fps, seconds, DEFAULT_KBPS);
    }

    /** @return H.264 + AAC in fragmented MP4 at {@code kbps} video bit rate */
    public static Clip h264AacFragmentedMp4(int width, int height, int fps, double seconds, int kbps) {
        return generate("mp4", "libx264", "aac", width, height, fps, seconds, kbps);
    }

    private static Clip generate(String container, String videoEncoder, String audioEncoder, int width, int height,
                                 int fps, double seconds, int kbps) {
        Ffmpeg.load();
        Path file;
        try {
            file = Files.createTempFile("streamcream-clip-", "." + switch (container) {
                case "webm" -> "webm";
                case "mp4" -> "mp4";
                default -> "mkv";
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int frames = (int) Math.round(fps * seconds);
        AVFormatContext format = new AVFormatContext(null);
        check(avformat.avformat_alloc_output_context2(format, (AVOutputFormat) null, container, file.toString()));
        boolean globalHeader = (format.oformat().flags() & avformat.AVFMT_GLOBALHEADER) != 0;

        AVCodec vcodec = avcodec.avcodec_find_encoder_by_name(videoEncoder);
        AVCodecContext video = avcodec.avcodec_alloc_context3(vcodec);
        video.width(width);
        video.height(height);
        video.pix_fmt(avutil.AV_PIX_FMT_YUV420P);
        video.time_base(rational(1, fps));
        video.framerate(rational(fps, 1));
        video.gop_size(fps);
        video.max_b_frames(0);
        video.bit_rate(kbps * 1000L);
        if (globalHeader) {
            video.flags(video.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary vopts = new AVDictionary(null);
        if (videoEncoder.equals("libx264")) {
            avutil.av_dict_set(vopts, "preset", "ultrafast", 0);
            avutil.av_dict_set(vopts, "tune", "zerolatency", 0);
        } else {
            avutil.av_dict_set(vopts, "deadline", "realtime", 0);
            avutil.av_dict_set(vopts, "cpu-used", "8", 0);
        }
        check(avcodec.avcodec_open2(video, vcodec, vopts));
        avutil.av_dict_free(vopts);

        boolean planarFloat = audioEncoder.equals("aac");
        int sampleFormat = planarFloat ? avutil.AV_SAMPLE_FMT_FLTP : avutil.AV_SAMPLE_FMT_S16;
        AVCodec acodec = avcodec.avcodec_find_encoder_by_name(audioEncoder);
        AVCodecContext audio = avcodec.avcodec_alloc_context3(acodec);
        audio.sample_fmt(sampleFormat);
        audio.sample_rate(48_000);
        avutil.av_channel_layout_default(audio.ch_layout(), 2);
        audio.bit_rate(64_000);
        audio.time_base(rational(1, 48_000));
        if (globalHeader) {
            audio.flags(audio.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        check(avcodec.avcodec_open2(audio, acodec, (AVDictionary) null));

        AVStream vs = avformat.avformat_new_stream(format, null);
        check(avcodec.avcodec_parameters_from_context(vs.codecpar(), video));
        vs.time_base(video.time_base());
        AVStream as = avformat.avformat_new_stream(format, null);
        check(avcodec.avcodec_parameters_from_context(as.codecpar(), audio));
        as.time_base(audio.time_base());

        AVIOContext pb = new AVIOContext(null);
        check(avformat.avio_open(pb, file.toString(), avformat.AVIO_FLAG_WRITE));
        format.pb(pb);
        AVDictionary mopts = new AVDictionary(null);
        if (container.equals("mp4")) {
            avutil.av_dict_set(mopts, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
        } else {
            avutil.av_dict_set(mopts, "live", "1", 0);
        }
        check(avformat.avformat_write_header(format, mopts));
        avutil.av_dict_free(mopts);

        AVPacket packet = avcodec.av_packet_alloc();
        AVFrame picture = avutil.av_frame_alloc();
        picture.width(width);
        picture.height(height);
        picture.format(avutil.AV_PIX_FMT_YUV420P);
        check(avutil.av_frame_get_buffer(picture, 0));
        int audioFrameSize = audio.frame_size();
        AVFrame sound = avutil.av_frame_alloc();
        sound.nb_samples(audioFrameSize);
        sound.format(sampleFormat);
        sound.sample_rate(48_000);
        avutil.av_channel_layout_default(sound.ch_layout(), 2);
        check(avutil.av_frame_get_buffer(sound, 0));
        long totalSamples = Math.round(48_000 * seconds);
        long samples = 0;
        byte[] row = new byte[width];
        short[] pcm = new short[audioFrameSize * 2];
        float[] plane = new float[audioFrameSize];
        for (int i = 0; i < frames; i++) {
            check(avutil.av_frame_make_writable(picture));
            fillPicture(picture, i, row);
            picture.pts(i);
            encode(video, picture, packet, format, vs);
            // Audio up to the same media time.
            long target = Math.min(totalSamples, Math.round((i + 1) * 48_000.0 / fps));
            while (samples + audioFrameSize <= target) {
                check(avutil.av_frame_make_writable(sound));
                for (int s = 0; s < audioFrameSize; s++) {
                    double value = Math.sin(2 * Math.PI * 440 * (samples + s) / 48_000.0) * 0.25;
                    pcm[2 * s] = (short) (value * 32767);
                    pcm[2 * s + 1] = pcm[2 * s];
                    plane[s] = (float) value;
                }
                if (planarFloat) {
                    new org.bytedeco.javacpp.FloatPointer(sound.data(0)).put(plane);
                    new org.bytedeco.javacpp.FloatPointer(sound.data(1)).put(plane);
                } else {
                    new org.bytedeco.javacpp.ShortPointer(sound.data(0)).put(pcm);
                }
                sound.pts(samples);
                samples += audioFrameSize;
                encode(audio, sound, packet, format, as);
            }
        }
        encode(video, null, packet, format, vs);
        encode(audio, null, packet, format, as);
        check(avformat.av_write_trailer(format));
        avformat.avio_closep(format.pb());
        avformat.avformat_free_context(format);
        avcodec.avcodec_free_context(video);
        avcodec.avcodec_free_context(audio);
        avutil.av_frame_free(picture);
        avutil.av_frame_free(sound);
        avcodec.av_packet_free(packet);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            return new Clip(bytes, frames, seconds, videoEncoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fillPicture(AVFrame picture, int index, byte[] row) {
        int width = picture.width();
        int height = picture.height();
        BytePointer y = picture.data(0);
        int stride = picture.linesize(0);
        int box = (index * 4) % Math.max(1, width - 40);
        for (int line = 0; line < height; line++) {
            for (int x = 0; x < width; x++) {
                boolean inBox = x >= box && x < box + 40 && line >= height / 3 && line < height / 3 + 40;
                row[x] = (byte) (inBox ? 235 : ((x + line + index * 3) & 0x7F) + 16);
            }
            y.position((long) line * stride).put(row, 0, width);
        }
        for (int plane = 1; plane <= 2; plane++) {
            BytePointer data = picture.data(plane);
            int planeStride = picture.linesize(plane);
            for (int line = 0; line < height / 2; line++) {
                for (int x = 0; x < width / 2; x++) {
                    row[x] = (byte) (plane == 1 ? 128 + ((index + x) & 0x1F) : 128 - ((index + line) & 0x1F));
                }
                data.position((long) line * planeStride).put(row, 0, width / 2);
            }
        }
    }

    private static void encode(AVCodecContext codec, AVFrame frame, AVPacket packet, AVFormatContext format,
                               AVStream stream) {
        check(avcodec.avcodec_send_frame(codec, frame));
        while (true) {
            int result = avcodec.avcodec_receive_packet(codec, packet);
            if (result == -11 || result == avutil.AVERROR_EOF) {
                return;
            }
            check(result);
            avcodec.av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(avformat.av_interleaved_write_frame(format, packet));
        }
    }

    private static AVRational rational(int num, int den) {
        AVRational value = new AVRational();
        value.num(num);
        value.den(den);
        return value;
    }

    private static void check(int result) {
        if (result < 0) {
            throw new IllegalStateException("FFmpeg error " + result);
        }
    }
}
