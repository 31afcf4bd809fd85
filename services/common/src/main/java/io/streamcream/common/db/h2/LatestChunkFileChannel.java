package io.streamcream.common.db.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.DataUtils;

/**
 * An MVStore database file that keeps its store header pointing at the newest chunk written
 * (see {@link LatestChunkFilePath} for why).
 *
 * <p>Every positional write is passed through. On the way it notes where the chunk with the highest
 * version was written (a chunk starts with the text line {@code chunk:ID,len:L,...,version:V,...}
 * at a block boundary; moved copies of older chunks do not count). When H2 writes the
 * store header (two identical 4 KB blocks at offset 0, text {@code H:2,block:B,chunk:ID,...,version:V,
 * fletcher:F}) naming an older version than the newest chunk already on disk, and the header is not
 * a clean-shutdown mark, the block, chunk and version fields are replaced by the newest chunk's and
 * the checksum recomputed, exactly as H2 itself would have written them.
 *
 * <p>All other operations delegate to the underlying channel, which this object owns.
 */
final class LatestChunkFileChannel extends FileChannel {

    private static final int BLOCK_SIZE = 4096;
    private static final int MAX_CHUNK_HEADER = 1024;

    /** Store headers corrected in this process, over all files (tests read it). */
    static final AtomicLong HEADERS_CORRECTED = new AtomicLong();

    private final FileChannel file;
    private long newestVersion = -1;
    private long newestBlock;
    private long newestId;

    LatestChunkFileChannel(FileChannel file) {
        this.file = file;
    }

    @Override
    public synchronized int write(ByteBuffer src, long position) throws IOException {
        if (position == 0 && src.remaining() == 2 * BLOCK_SIZE) {
            byte[] corrected = correctedStoreHeader(src);
            if (corrected != null) {
                int length = src.remaining();
                ByteBuffer replacement = ByteBuffer.wrap(corrected);
                while (replacement.hasRemaining()) {
                    file.write(replacement, replacement.position());
                }
                src.position(src.limit());
                HEADERS_CORRECTED.incrementAndGet();
                return length;
            }
        } else if (position > 0 && position % BLOCK_SIZE == 0) {
            noteChunk(src, position / BLOCK_SIZE);
        }
        return file.write(src, position);
    }

    private void noteChunk(ByteBuffer src, long block) {
        Map<String, String> chunk = headerLine(src, "chunk:", MAX_CHUNK_HEADER);
        if (chunk == null) {
            return;
        }
        long id = hex(chunk, "chunk");
        long version = hex(chunk, "version");
        // ">=": a moved copy of the newest chunk is where H2 looks for it from now on.
        if (id < 0 || version < newestVersion) {
            return;
        }
        newestVersion = version;
        newestBlock = block;
        newestId = id;
    }

    private byte[] correctedStoreHeader(ByteBuffer src) {
        Map<String, String> header = headerLine(src, "H:", BLOCK_SIZE);
        if (header == null || header.containsKey("clean") || newestVersion < 0) {
            return null;
        }
        long version = hex(header, "version");
        if (version < 0 || version >= newestVersion) {
            return null;
        }
        HashMap<String, Object> fields = new HashMap<>(header);
        fields.remove("fletcher");
        fields.put("block", newestBlock);
        fields.put("chunk", (int) newestId);
        fields.put("version", newestVersion);
        StringBuilder text = DataUtils.appendMap(new StringBuilder(112), fields);
        byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        DataUtils.appendMap(text, "fletcher", DataUtils.getFletcher32(body, 0, body.length));
        text.append('\n');
        byte[] line = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (line.length > BLOCK_SIZE) {
            return null;
        }
        byte[] blocks = new byte[2 * BLOCK_SIZE];
        System.arraycopy(line, 0, blocks, 0, line.length);
        System.arraycopy(line, 0, blocks, BLOCK_SIZE, line.length);
        return blocks;
    }

    /** The key/value line at the buffer's position if it starts with the prefix, else null; the buffer is not moved. */
    private static Map<String, String> headerLine(ByteBuffer src, String prefix, int maxLength) {
        int start = src.position();
        int limit = Math.min(src.limit(), start + maxLength);
        if (limit - start < prefix.length()) {
            return null;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (src.get(start + i) != prefix.charAt(i)) {
                return null;
            }
        }
        int end = start;
        while (end < limit && src.get(end) != '\n') {
            end++;
        }
        if (end == limit) {
            return null;
        }
        byte[] bytes = new byte[end - start];
        src.get(start, bytes);
        try {
            return DataUtils.parseMap(new String(bytes, StandardCharsets.ISO_8859_1).strip());
        } catch (RuntimeException malformed) {
            // Not a header after all (page data that happens to start with the prefix): leave it alone.
            return null;
        }
    }

    private static long hex(Map<String, String> map, String key) {
        String value = map.get(key);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value, 16);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    // Everything below delegates unchanged.

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        return file.write(src);
    }

    @Override
    public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return file.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public synchronized long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return file.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
