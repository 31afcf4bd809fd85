package io.streamcream.login.backgrounds;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Images (and near-images) built in code for the upload tests. */
final class TestImages {

    private TestImages() {
    }

    static byte[] png(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    static byte[] gif(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "gif");
    }

    static byte[] bmp(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "bmp");
    }

    /** A structurally valid lossless WebP container (RIFF, VP8L header with the dimensions). */
    static byte[] webp(int width, int height) {
        ByteBuffer chunk = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put((byte) 0x2F).putInt((width - 1) | ((height - 1) << 14)).put((byte) 0);
        ByteBuffer file = ByteBuffer.allocate(12 + 8 + 6).order(ByteOrder.LITTLE_ENDIAN);
        file.put(ascii("RIFF")).putInt(4 + 8 + 6).put(ascii("WEBP"));
        file.put(ascii("VP8L")).putInt(6).put(chunk.array());
        return file.array();
    }

    /** A PNG with one more chunk inserted before IEND (with a correct CRC). */
    static byte[] pngWithChunk(byte[] png, String type, byte[] data) {
        int iend = png.length - 12;
        ByteBuffer out = ByteBuffer.allocate(png.length + 12 + data.length);
        out.put(png, 0, iend).put(chunk(type, data)).put(png, iend, 12);
        return out.array();
    }

    /** A valid PNG of exactly {@code size} bytes, padded with a private ancillary chunk of pseudo-random bytes. */
    static byte[] pngOfSize(int size) {
        byte[] base = png(32, 32);
        byte[] padding = new byte[size - base.length - 12];
        new Random(42).nextBytes(padding);
        for (int i = 0; i < padding.length; i++) {
            if (padding[i] == '<') {
                padding[i] = 0;
            }
        }
        return pngWithChunk(base, "prVt", padding);
    }

    /** A PNG whose header claims the given size (no pixel check happens before the dimension limit). */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer out = ByteBuffer.allocate(8 + 25 + 12 + 4 + 12);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.put(chunk("IHDR", ihdr.array()));
        out.put(chunk("IDAT", new byte[] {0x78, 0x01, 0, 0}));
        out.put(chunk("IEND", new byte[0]));
        return out.array();
    }

    /** A JPEG with a comment segment right after SOI. */
    static byte[] jpegWithComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + text.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xFE).putShort((short) (text.length + 2)).put(text);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A GIF with a comment extension just before the trailer. */
    static byte[] gifWithComment(byte[] gif, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(gif.length + 4 + text.length);
        out.put(gif, 0, gif.length - 1).put((byte) 0x21).put((byte) 0xFE).put((byte) text.length).put(text).put((byte) 0);
        out.put((byte) 0x3B);
        return out.array();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(12 + data.length);
        out.putInt(data.length).put(ascii(type)).put(data);
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.PINK, width, height, Color.ORANGE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
