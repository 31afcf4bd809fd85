package io.streamcream.sovits.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RIFF/WAVE decoding: PCM 8 (unsigned), 16, 24 and 32 bit, IEEE float 32 and 64 bit, any channel count, plain
 * ({@code fmt } tag 1/3) or {@code WAVE_FORMAT_EXTENSIBLE} (tag 0xFFFE with the PCM or float sub-format). Unknown
 * chunks are skipped (with RIFF's even padding). A {@code data} chunk whose declared size runs past the end of the
 * file (as streaming writers leave it) is read up to the last whole frame.
 */
public final class WavDecoder {
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavDecoder() {
    }

    /**
     * Decodes a WAV file.
     *
     * @param bytes the file contents
     * @return the audio
     * @throws ReferenceAudioException naming what is wrong with the file
     */
    public static WavAudio decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new ReferenceAudioException("reference audio is not a WAV file (no RIFF/WAVE header)");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new ReferenceAudioException("reference audio WAV has a truncated fmt chunk");
                }
                format = Short.toUnsignedInt(b.getShort(body));
                channels = Short.toUnsignedInt(b.getShort(body + 2));
                rate = b.getInt(body + 4);
                bits = Short.toUnsignedInt(b.getShort(body + 14));
                if (format == EXTENSIBLE) {
                    if (size < 40 || body + 40 > bytes.length) {
                        throw new ReferenceAudioException("reference audio WAV has a truncated WAVE_FORMAT_EXTENSIBLE fmt chunk");
                    }
                    format = Short.toUnsignedInt(b.getShort(body + 24));
                }
            } else if (id == 0x61746164) {
                if (format < 0) {
                    throw new ReferenceAudioException("reference audio WAV has no fmt chunk before its data");
                }
                long available = Math.min(size, bytes.length - body);
                return samples(b, body, available, format, channels, rate, bits);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new ReferenceAudioException("reference audio WAV has no data chunk");
    }

    private static WavAudio samples(ByteBuffer b, int start, long bytes, int format, int channels, int rate, int bits) {
        if (channels < 1) {
            throw new ReferenceAudioException("reference audio WAV declares " + channels + " channels");
        }
        if (rate < 1000 || rate > 768_000) {
            throw new ReferenceAudioException("reference audio WAV has an unusable sample rate of " + rate + " Hz");
        }
        boolean pcm = format == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == IEEE_FLOAT && (bits == 32 || bits == 64);
        if (!pcm && !flt) {
            throw new ReferenceAudioException("reference audio WAV encoding is not supported (format tag " + format + ", "
                    + bits + " bits); use PCM 8/16/24/32-bit or float 32/64-bit");
        }
        int width = bits / 8;
        int frames = (int) (bytes / ((long) width * channels));
        if (frames == 0) {
            throw new ReferenceAudioException("reference audio WAV has no samples");
        }
        float[][] out = new float[channels][frames];
        int p = start;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                out[c][f] = switch (bits) {
                    case 8 -> flt ? 0f : ((b.get(p) & 0xff) - 128) / 128f;
                    case 16 -> b.getShort(p) / 32768f;
                    case 24 -> ((b.get(p) & 0xff) | (b.get(p + 1) & 0xff) << 8 | b.get(p + 2) << 16) / 8388608f;
                    case 32 -> flt ? b.getFloat(p) : (float) (b.getInt(p) / 2147483648.0);
                    default -> (float) b.getDouble(p);
                };
                p += width;
            }
        }
        return new WavAudio(rate, out);
    }
}
