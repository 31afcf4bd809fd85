package io.streamcream.sovits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * Decodes a response body back to audio with JavaCPP FFmpeg, the way a player would: the bytes go to a temporary
 * file, the named demuxer ({@code adts}, {@code ogg}) opens it, and every packet of the audio stream is decoded.
 */
final class MediaDecoding {

    /**
     * What came out of the decoder.
     *
     * @param codec      decoder name
     * @param sampleRate rate of the decoded frames
     * @param samples    decoded samples (per channel), every frame counted
     * @param packets    packets read
     * @param rms        root mean square of the first channel, for "not silence"
     */
    record Decoded(String codec, int sampleRate, long samples, int packets, double rms) {
        double seconds() {
            return samples / (double) sampleRate;
        }
    }

    private MediaDecoding() {
    }

    static Decoded decode(byte[] data, String demuxer) {
        Path file;
        try {
            file = Files.createTempFile("sovits-decode", "." + demuxer);
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AVFormatContext format = new AVFormatContext(null);
        AVCodecContext codec = null;
        AVPacket packet = null;
        AVFrame frame = null;
        boolean open = false;
        try {
            AVInputFormat input = av_find_input_format(demuxer);
            check(avformat_open_input(format, file.toString(), input, (AVDictionary) null), "open");
            open = true;
            check(avformat_find_stream_info(format, (PointerPointer<?>) null), "stream info");
            int audio = -1;
            for (int i = 0; i < format.nb_streams(); i++) {
                if (format.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                    audio = i;
                    break;
                }
            }
            if (audio < 0) {
                throw new IllegalStateException("no audio stream in the " + demuxer + " data");
            }
            AVStream stream = format.streams(audio);
            AVCodec decoder = avcodec_find_decoder(stream.codecpar().codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new IllegalStateException("no decoder for codec id " + stream.codecpar().codec_id());
            }
            codec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(codec, stream.codecpar()), "parameters");
            check(avcodec_open2(codec, decoder, (AVDictionary) null), "open decoder");
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            Totals totals = new Totals();
            while (av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() == audio) {
                    totals.packets++;
                    check(avcodec_send_packet(codec, packet), "send packet");
                    receive(codec, frame, totals);
                }
                av_packet_unref(packet);
            }
            check(avcodec_send_packet(codec, null), "flush");
            receive(codec, frame, totals);
            String name = decoder.name().getString(StandardCharsets.US_ASCII);
            return new Decoded(name, totals.rate, totals.samples, totals.packets,
                    Math.sqrt(totals.squares / Math.max(1, totals.samples)));
        } finally {
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (open) {
                avformat_close_input(format);
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    private static final class Totals {
        long samples;
        int packets;
        int rate;
        double squares;
    }

    private static void receive(AVCodecContext codec, AVFrame frame, Totals totals) {
        while (avcodec_receive_frame(codec, frame) >= 0) {
            int n = frame.nb_samples();
            totals.samples += n;
            totals.rate = frame.sample_rate();
            if (frame.format() == AV_SAMPLE_FMT_FLTP || frame.format() == AV_SAMPLE_FMT_FLT) {
                FloatPointer channel = new FloatPointer(frame.data(0)).capacity(n);
                for (int i = 0; i < n; i++) {
                    float v = channel.get(frame.format() == AV_SAMPLE_FMT_FLT ? (long) i * frame.ch_layout().nb_channels() : i);
                    totals.squares += v * v;
                }
            }
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            byte[] text = new byte[256];
            av_strerror(result, text, text.length);
            String message = new String(text, StandardCharsets.UTF_8).replace("\u0000", "").trim();
            throw new IllegalStateException("FFmpeg " + what + " failed: " + message + " (" + result + ")");
        }
    }
}
