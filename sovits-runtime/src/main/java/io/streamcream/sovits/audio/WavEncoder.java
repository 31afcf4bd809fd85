package io.streamcream.sovits.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Mono 16-bit PCM WAV output. */
public final class WavEncoder {
    /** Size of the canonical header. */
    public static final int HEADER_BYTES = 44;

    private WavEncoder() {
    }

    /**
     * The canonical 44-byte header. With {@code dataBytes = 0} it is the header api_v2 sends first in a stream.
     *
     * @param sampleRate rate
     * @param dataBytes  PCM bytes that follow
     * @return the header
     */
    public static byte[] header(int sampleRate, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157)
                .putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .putInt(0x61746164).putInt(dataBytes);
        return b.array();
    }

    /**
     * @param pcm samples
     * @return little-endian bytes
     */
    public static byte[] pcmBytes(short[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * @param pcm        samples
     * @param sampleRate rate
     * @return a complete WAV file
     */
    public static byte[] wav(short[] pcm, int sampleRate) {
        byte[] data = pcmBytes(pcm);
        byte[] out = new byte[HEADER_BYTES + data.length];
        System.arraycopy(header(sampleRate, data.length), 0, out, 0, HEADER_BYTES);
        System.arraycopy(data, 0, out, HEADER_BYTES, data.length);
        return out;
    }
}
