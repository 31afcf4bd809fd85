package io.streamcream.sovits.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** WAV and raw PCM framing of api_v2 answers. */
final class SpeechAudio {

    private SpeechAudio() {
    }

    /** A complete mono 16-bit WAV file. */
    static byte[] wav(short[] pcm, int sampleRate) {
        ByteBuffer out = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        header(out, sampleRate, pcm.length * 2);
        for (short s : pcm) {
            out.putShort(s);
        }
        return out.array();
    }

    /** The streaming header: exactly upstream's 44 bytes with a zero data size. */
    static byte[] streamingHeader(int sampleRate) {
        ByteBuffer out = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header(out, sampleRate, 0);
        return out.array();
    }

    /** Little-endian 16-bit samples without a header. */
    static byte[] raw(short[] pcm) {
        ByteBuffer out = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : pcm) {
            out.putShort(s);
        }
        return out.array();
    }

    private static void header(ByteBuffer out, int sampleRate, int dataBytes) {
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    }
}
