package io.streamcream.sovits.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes WAV files for tests: PCM 16/24/32-bit or float 32-bit, any channel count, plain or extensible fmt. */
public final class Wavs {
    private Wavs() {
    }

    /**
     * @param channels   samples per channel in [-1, 1]
     * @param rate       sample rate
     * @param bits       8, 16, 24 or 32 (PCM); 32 or 64 (float)
     * @param floats     IEEE float instead of PCM
     * @param extensible write WAVE_FORMAT_EXTENSIBLE
     * @param junk       insert an odd-sized unknown chunk before {@code data}
     * @return the file
     */
    public static byte[] encode(float[][] channels, int rate, int bits, boolean floats, boolean extensible, boolean junk) {
        int frames = channels[0].length;
        int width = bits / 8;
        int dataBytes = frames * channels.length * width;
        int fmtSize = extensible ? 40 : 16;
        int junkSize = junk ? 8 + 3 + 1 : 0;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + junkSize + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(b.capacity() - 8).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(fmtSize);
        b.putShort((short) (extensible ? 0xFFFE : floats ? 3 : 1)).putShort((short) channels.length).putInt(rate)
                .putInt(rate * channels.length * width).putShort((short) (channels.length * width)).putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) (floats ? 3 : 1))
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        if (junk) {
            b.putInt(0x4b4e554a).putInt(3).put(new byte[] {1, 2, 3, 0});
        }
        b.putInt(0x61746164).putInt(dataBytes);
        for (int f = 0; f < frames; f++) {
            for (float[] c : channels) {
                double v = Math.max(-1, Math.min(1, c[f]));
                if (floats && bits == 64) {
                    b.putDouble(c[f]);
                } else if (floats) {
                    b.putFloat(c[f]);
                } else if (bits == 8) {
                    b.put((byte) (Math.max(0, Math.min(255, Math.round(v * 128) + 128))));
                } else if (bits == 16) {
                    b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
                } else if (bits == 24) {
                    int s = (int) Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608)));
                    b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                } else {
                    b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v * 2147483648.0))));
                }
            }
        }
        return b.array();
    }

    /**
     * @param mono samples
     * @param rate sample rate
     * @return a PCM16 mono WAV
     */
    public static byte[] pcm16(float[] mono, int rate) {
        return encode(new float[][] {mono}, rate, 16, false, false, false);
    }

    /**
     * A constant signal of integer PCM16 level {@code level} (value {@code level/32768}).
     *
     * @param level   PCM16 level
     * @param seconds duration
     * @param rate    sample rate
     * @return a PCM16 mono WAV
     */
    public static byte[] constant(int level, double seconds, int rate) {
        float[] s = new float[(int) Math.round(seconds * rate)];
        java.util.Arrays.fill(s, level / 32768f);
        return pcm16(s, rate);
    }

    /**
     * @param freq      frequency in Hz
     * @param amplitude peak
     * @param rate      sample rate
     * @param n         samples
     * @return {@code amplitude·sin(2π·freq·i/rate)}
     */
    public static float[] sine(double freq, double amplitude, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return s;
    }
}
