package io.streamcream.sovits;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** WAV files for the tests, written by hand. */
final class TestWavs {

    private TestWavs() {
    }

    static byte[] tone(double seconds, int rate) {
        int n = (int) (seconds * rate);
        ByteBuffer out = ByteBuffer.allocate(44 + n * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + n * 2).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(n * 2);
        for (int i = 0; i < n; i++) {
            out.putShort((short) (9000 * Math.sin(2 * Math.PI * 180 * i / rate) + 3000 * Math.sin(2 * Math.PI * 1300 * i / rate)));
        }
        return out.array();
    }

    static byte[] multipart(String boundary, String filename, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(head.length + content.length + tail.length);
        return body.put(head).put(content).put(tail).array();
    }
}
