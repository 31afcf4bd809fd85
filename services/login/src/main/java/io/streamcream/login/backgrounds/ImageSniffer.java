package io.streamcream.login.backgrounds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.streamcream.common.http.ApiException;

/**
 * Decides from the bytes alone whether a file is a PNG, JPEG, WebP, GIF or BMP image; the client's
 * file name and declared type are never consulted.
 *
 * <p>Beyond the magic bytes, the container structure is walked to its end (PNG chunks with their
 * CRCs up to IEND, JPEG segments up to EOI, GIF blocks up to the trailer, RIFF chunks of WebP, the
 * BMP size field), so nothing may follow the image: an HTML or script payload appended to a valid
 * image (a polyglot) is refused. Text-bearing metadata (PNG text chunks, JPEG APP/COM segments,
 * GIF comment and application extensions, WebP EXIF/XMP) and the first and last kilobyte are
 * searched for markup markers. Formats the JDK reads are finally parsed by {@code javax.imageio}
 * up to their dimensions (without decoding pixels, so a decompression bomb costs nothing).
 */
final class ImageSniffer {

    /** Width, height and type of an accepted image. */
    record Result(ImageType type, int width, int height) {
    }

    private static final List<byte[]> MARKERS = List.of("<html", "<script", "<svg", "<!doctype", "<body", "<iframe",
            "<object", "<embed", "<?xml-stylesheet", "<xsl:", "<foreignobject").stream()
            .map(text -> text.getBytes(StandardCharsets.US_ASCII)).toList();
    private static final int EDGE = 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final int maxDimension;

    /**
     * @param maxDimension largest accepted width or height in pixels
     */
    ImageSniffer(int maxDimension) {
        this.maxDimension = maxDimension;
    }

    /**
     * Checks a file.
     *
     * @param file the uploaded bytes
     * @return what it is
     * @throws ApiException 415 when it is not an acceptable image, 400 when its dimensions are out of range
     */
    Result sniff(Path file) {
        Result result;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0 || size > Integer.MAX_VALUE) {
                throw reject("文件为空或过大");
            }
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            result = structure(data);
            scan(data, 0, Math.min(EDGE, data.limit()));
            scan(data, Math.max(0, data.limit() - EDGE), Math.min(EDGE, data.limit()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (result.width() < 1 || result.height() < 1) {
            throw reject("图片尺寸无效");
        }
        if (result.width() > maxDimension || result.height() > maxDimension) {
            throw ApiException.badRequest("图片尺寸过大（" + result.width() + "x" + result.height() + "，上限 "
                    + maxDimension + " 像素）");
        }
        result.type().imageIoFormat().ifPresent(format -> readHeader(file, format));
        return result;
    }

    private Result structure(ByteBuffer data) {
        if (startsWith(data, PNG_SIGNATURE)) {
            return png(data);
        }
        if (data.limit() >= 3 && u8(data, 0) == 0xFF && u8(data, 1) == 0xD8 && u8(data, 2) == 0xFF) {
            return jpeg(data);
        }
        if (startsWith(data, ascii("GIF87a")) || startsWith(data, ascii("GIF89a"))) {
            return gif(data);
        }
        if (data.limit() >= 12 && startsWith(data, ascii("RIFF")) && text(data, 8, 4).equals("WEBP")) {
            return webp(data);
        }
        if (startsWith(data, ascii("BM"))) {
            return bmp(data);
        }
        throw reject("只接受 PNG、JPEG、WebP、GIF 或 BMP 图片（按文件内容判断）");
    }

    private Result png(ByteBuffer data) {
        int pos = PNG_SIGNATURE.length;
        int width = 0;
        int height = 0;
        boolean first = true;
        boolean sawData = false;
        CRC32 crc = new CRC32();
        while (true) {
            require(data, pos, 12);
            long length = u32be(data, pos);
            if (length > data.limit() - pos - 12L) {
                throw reject("PNG 数据块不完整");
            }
            String type = text(data, pos + 4, 4);
            if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw reject("PNG 数据块类型无效");
            }
            int body = pos + 8;
            int end = body + (int) length;
            crc.reset();
            crc.update(data.duplicate().position(pos + 4).limit(end));
            if (crc.getValue() != u32be(data, end)) {
                throw reject("PNG 数据块校验失败");
            }
            if (first) {
                if (!type.equals("IHDR") || length != 13) {
                    throw reject("PNG 缺少 IHDR");
                }
                width = clampInt(u32be(data, body));
                height = clampInt(u32be(data, body + 4));
                first = false;
            }
            if (type.equals("IDAT")) {
                sawData = true;
            } else if (type.equals("tEXt") || type.equals("iTXt") || type.equals("zTXt")) {
                scan(data, body, (int) length);
            }
            pos = end + 4;
            if (type.equals("IEND")) {
                if (length != 0 || pos != data.limit()) {
                    throw reject("PNG 在 IEND 之后还有数据");
                }
                break;
            }
        }
        if (!sawData) {
            throw reject("PNG 没有图像数据");
        }
        return new Result(ImageType.PNG, width, height);
    }

    private Result jpeg(ByteBuffer data) {
        int pos = 2;
        int width = 0;
        int height = 0;
        boolean sawFrame = false;
        boolean sawScan = false;
        while (true) {
            require(data, pos, 2);
            if (u8(data, pos) != 0xFF) {
                throw reject("JPEG 段结构无效");
            }
            while (pos + 1 < data.limit() && u8(data, pos + 1) == 0xFF) {
                pos++;
            }
            require(data, pos, 2);
            int marker = u8(data, pos + 1);
            pos += 2;
            if (marker == 0xD9) {
                if (pos != data.limit()) {
                    throw reject("JPEG 在结束标记之后还有数据");
                }
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0x00 || marker == 0xD8) {
                throw reject("JPEG 段标记无效");
            }
            require(data, pos, 2);
            int length = u16be(data, pos);
            if (length < 2) {
                throw reject("JPEG 段长度无效");
            }
            require(data, pos, length);
            int body = pos + 2;
            int bodyLength = length - 2;
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                if (bodyLength < 5) {
                    throw reject("JPEG 帧头无效");
                }
                height = u16be(data, body + 1);
                width = u16be(data, body + 3);
                sawFrame = true;
            } else if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE) {
                scan(data, body, bodyLength);
            }
            pos += length;
            if (marker == 0xDA) {
                sawScan = true;
                pos = afterEntropyCodedData(data, pos);
            }
        }
        if (!sawFrame || !sawScan) {
            throw reject("JPEG 没有图像数据");
        }
        return new Result(ImageType.JPEG, width, height);
    }

    /** Skips entropy-coded bytes up to the next marker that is not a stuffed zero, a restart or a fill byte. */
    private int afterEntropyCodedData(ByteBuffer data, int pos) {
        int i = pos;
        while (i + 1 < data.limit()) {
            if (u8(data, i) == 0xFF) {
                int next = u8(data, i + 1);
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
            i++;
        }
        throw reject("JPEG 数据不完整");
    }

    private Result gif(ByteBuffer data) {
        require(data, 0, 13);
        int width = u16le(data, 6);
        int height = u16le(data, 8);
        int flags = u8(data, 10);
        int pos = 13;
        if ((flags & 0x80) != 0) {
            pos += 3 * (1 << ((flags & 7) + 1));
        }
        boolean sawImage = false;
        while (true) {
            require(data, pos, 1);
            int block = u8(data, pos++);
            if (block == 0x3B) {
                if (pos != data.limit()) {
                    throw reject("GIF 在结束标记之后还有数据");
                }
                break;
            }
            if (block == 0x2C) {
                require(data, pos, 10);
                int local = u8(data, pos + 8);
                pos += 9;
                if ((local & 0x80) != 0) {
                    pos += 3 * (1 << ((local & 7) + 1));
                }
                require(data, pos, 1);
                pos = subBlocks(data, pos + 1, false);
                sawImage = true;
            } else if (block == 0x21) {
                require(data, pos, 1);
                int label = u8(data, pos++);
                pos = subBlocks(data, pos, label == 0xFE || label == 0xFF || label == 0x01);
            } else {
                throw reject("GIF 块类型无效");
            }
        }
        if (!sawImage) {
            throw reject("GIF 没有图像数据");
        }
        return new Result(ImageType.GIF, width, height);
    }

    private int subBlocks(ByteBuffer data, int start, boolean text) {
        int pos = start;
        while (true) {
            require(data, pos, 1);
            int size = u8(data, pos++);
            if (size == 0) {
                return pos;
            }
            require(data, pos, size);
            if (text) {
                scan(data, pos, size);
            }
            pos += size;
        }
    }

    private Result webp(ByteBuffer data) {
        long riffSize = u32le(data, 4);
        if (riffSize + 8 != data.limit()) {
            throw reject("WebP 长度与文件大小不符（结尾有多余数据或文件不完整）");
        }
        int pos = 12;
        int width = 0;
        int height = 0;
        boolean first = true;
        while (pos < data.limit()) {
            require(data, pos, 8);
            String chunk = text(data, pos, 4);
            long size = u32le(data, pos + 4);
            int body = pos + 8;
            if (size > data.limit() - body) {
                throw reject("WebP 数据块不完整");
            }
            if (first) {
                int[] dims = webpDimensions(data, chunk, body, (int) size);
                width = dims[0];
                height = dims[1];
                first = false;
            }
            if (chunk.equals("EXIF") || chunk.equals("XMP ")) {
                scan(data, body, (int) size);
            }
            pos = body + (int) size + (int) (size & 1);
        }
        if (first || pos != data.limit()) {
            throw reject("WebP 结构无效");
        }
        return new Result(ImageType.WEBP, width, height);
    }

    private int[] webpDimensions(ByteBuffer data, String chunk, int body, int size) {
        switch (chunk) {
            case "VP8X" -> {
                if (size < 10) {
                    throw reject("WebP 扩展头无效");
                }
                return new int[] {1 + u24le(data, body + 4), 1 + u24le(data, body + 7)};
            }
            case "VP8L" -> {
                if (size < 5 || u8(data, body) != 0x2F) {
                    throw reject("WebP 无损头无效");
                }
                long bits = u32le(data, body + 1);
                return new int[] {(int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1};
            }
            case "VP8 " -> {
                if (size < 10 || u8(data, body + 3) != 0x9D || u8(data, body + 4) != 0x01 || u8(data, body + 5) != 0x2A) {
                    throw reject("WebP 有损头无效");
                }
                return new int[] {u16le(data, body + 6) & 0x3FFF, u16le(data, body + 8) & 0x3FFF};
            }
            default -> throw reject("WebP 第一个数据块必须是 VP8、VP8L 或 VP8X");
        }
    }

    private Result bmp(ByteBuffer data) {
        require(data, 0, 26);
        if (u32le(data, 2) != data.limit()) {
            throw reject("BMP 长度与文件大小不符（结尾有多余数据或文件不完整）");
        }
        long offset = u32le(data, 10);
        long header = u32le(data, 14);
        if (offset >= data.limit() || offset < 14 + header) {
            throw reject("BMP 像素数据位置无效");
        }
        if (header == 12) {
            return new Result(ImageType.BMP, u16le(data, 18), u16le(data, 20));
        }
        if (header == 40 || header == 52 || header == 56 || header == 64 || header == 108 || header == 124) {
            int width = (int) u32le(data, 18);
            int height = (int) u32le(data, 22);
            return new Result(ImageType.BMP, width, height == Integer.MIN_VALUE ? 0 : Math.abs(height));
        }
        throw reject("BMP 信息头无效");
    }

    private static void readHeader(Path file, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            return;
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                throw reject("图片无法解析");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw reject("图片无法解析");
        } finally {
            reader.dispose();
        }
    }

    /** Refuses markup anywhere in a region (case-insensitive). */
    private static void scan(ByteBuffer data, int from, int length) {
        int end = from + length;
        for (int i = from; i < end; i++) {
            if (data.get(i) != '<') {
                continue;
            }
            for (byte[] marker : MARKERS) {
                if (i + marker.length <= end && matchesIgnoringCase(data, i, marker)) {
                    throw reject("文件中含有 HTML/SVG/脚本内容，已拒绝");
                }
            }
        }
    }

    private static boolean matchesIgnoringCase(ByteBuffer data, int at, byte[] marker) {
        for (int k = 0; k < marker.length; k++) {
            int b = data.get(at + k);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != marker[k]) {
                return false;
            }
        }
        return true;
    }

    private static ApiException reject(String reason) {
        return ApiException.unsupportedMediaType("不支持的文件：" + reason);
    }

    private static void require(ByteBuffer data, int pos, long length) {
        if (pos < 0 || pos + length > data.limit()) {
            throw reject("文件不完整");
        }
    }

    private static boolean startsWith(ByteBuffer data, byte[] prefix) {
        if (data.limit() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuffer data, int pos, int length) {
        require(data, pos, length);
        byte[] bytes = new byte[length];
        data.get(pos, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int clampInt(long value) {
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    private static int u8(ByteBuffer data, int pos) {
        require(data, pos, 1);
        return data.get(pos) & 0xFF;
    }

    private static int u16be(ByteBuffer data, int pos) {
        return (u8(data, pos) << 8) | u8(data, pos + 1);
    }

    private static int u16le(ByteBuffer data, int pos) {
        return u8(data, pos) | (u8(data, pos + 1) << 8);
    }

    private static int u24le(ByteBuffer data, int pos) {
        return u16le(data, pos) | (u8(data, pos + 2) << 16);
    }

    private static long u32be(ByteBuffer data, int pos) {
        return ((long) u16be(data, pos) << 16) | u16be(data, pos + 2);
    }

    private static long u32le(ByteBuffer data, int pos) {
        return u16le(data, pos) | ((long) u16le(data, pos + 2) << 16);
    }
}
