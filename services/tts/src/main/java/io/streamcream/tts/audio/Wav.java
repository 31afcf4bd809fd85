package io.streamcream.tts.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads and writes RIFF/WAVE PCM. Reading accepts what GPT-SoVITS sends: 16-bit integer, 32-bit
 * float, mono or stereo (mixed down), and the streaming form whose header declares an empty data
 * chunk (everything after the header is then the data).
 */
public final class Wav {

    /** Size of the canonical header written by {@link #encode}. */
    public static final int HEADER_BYTES = 44;

    private Wav() {
    }

    /**
     * @param audio mono PCM
     * @return a complete WAV file with correct sizes
     */
    public static byte[] encode(PcmAudio audio) {
        int dataBytes = audio.samples().length * 2;
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(audio.sampleRate()).putInt(audio.sampleRate() * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (short sample : audio.samples()) {
            out.putShort(sample);
        }
        return out.array();
    }

    /**
     * @param bytes a WAV file
     * @return its audio as mono 16-bit PCM
     * @throws IllegalArgumentException when the bytes are not a supported WAV file
     */
    public static PcmAudio decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(in, 0).equals("RIFF") || !tag(in, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int position = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (position + 8 <= bytes.length) {
            String id = tag(in, position);
            long size = Integer.toUnsignedLong(in.getInt(position + 4));
            int body = position + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new IllegalArgumentException("truncated fmt chunk");
                }
                format = Short.toUnsignedInt(in.getShort(body));
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                rate = in.getInt(body + 4);
                bits = Short.toUnsignedInt(in.getShort(body + 14));
                if (format == 0xFFFE && size >= 26) {
                    format = Short.toUnsignedInt(in.getShort(body + 24));
                }
            } else if (id.equals("data")) {
                long available = bytes.length - body;
                long length = size == 0 || size > available ? available : size;
                return samples(in, body, (int) length, format, channels, rate, bits);
            }
            position = (int) Math.min(bytes.length, body + size + (size & 1));
        }
        throw new IllegalArgumentException("no data chunk");
    }

    private static PcmAudio samples(ByteBuffer in, int offset, int length, int format, int channels, int rate, int bits) {
        if (channels < 1 || channels > 8 || rate < 1000 || rate > 384_000) {
            throw new IllegalArgumentException("unsupported channels or sample rate");
        }
        boolean pcm16 = format == 1 && bits == 16;
        boolean float32 = format == 3 && bits == 32;
        if (!pcm16 && !float32) {
            throw new IllegalArgumentException("unsupported sample format " + format + "/" + bits + " bit");
        }
        int frameBytes = channels * bits / 8;
        int frames = length / frameBytes;
        short[] mono = new short[frames];
        for (int frame = 0; frame < frames; frame++) {
            double sum = 0;
            for (int channel = 0; channel < channels; channel++) {
                int at = offset + frame * frameBytes + channel * bits / 8;
                sum += pcm16 ? in.getShort(at) / 32768.0 : in.getFloat(at);
            }
            mono[frame] = toShort(sum / channels);
        }
        return new PcmAudio(rate, mono);
    }

    /**
     * @param value a sample in [-1, 1] (clamped)
     * @return it as 16-bit PCM
     */
    public static short toShort(double value) {
        double clamped = Math.max(-1.0, Math.min(1.0, value));
        return (short) Math.round(clamped * 32767.0);
    }

    private static String tag(ByteBuffer in, int at) {
        byte[] id = new byte[4];
        in.get(at, id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
