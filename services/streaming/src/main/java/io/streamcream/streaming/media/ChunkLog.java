package io.streamcream.streaming.media;

/**
 * Where each chunk starts in the input byte stream and when it arrived, so a demuxed packet (whose
 * {@code pos} is a byte offset) can be traced back to the chunk that completed it. Pipeline thread
 * only; keeps the most recent chunks (the demuxer never looks far back).
 */
final class ChunkLog {

    private static final int CAPACITY = 2048;

    private final long[] starts = new long[CAPACITY];
    private final long[] arrivals = new long[CAPACITY];
    private int size;
    private long end;

    /**
     * Appends the next chunk of the stream.
     *
     * @param length       its size in bytes
     * @param arrivedNanos when it arrived
     */
    void add(int length, long arrivedNanos) {
        if (size == CAPACITY) {
            int keep = CAPACITY / 2;
            System.arraycopy(starts, CAPACITY - keep, starts, 0, keep);
            System.arraycopy(arrivals, CAPACITY - keep, arrivals, 0, keep);
            size = keep;
        }
        starts[size] = end;
        arrivals[size] = arrivedNanos;
        size++;
        end += length;
    }

    /** @return arrival of the newest chunk, 0 before any */
    long latest() {
        return size == 0 ? 0 : arrivals[size - 1];
    }

    /**
     * @param offset a byte offset in the stream
     * @return arrival of the chunk holding that byte (the newest chunk when the offset is unknown)
     */
    long arrivalOf(long offset) {
        if (size == 0) {
            return 0;
        }
        if (offset < 0 || offset >= end) {
            return arrivals[size - 1];
        }
        int low = 0;
        int high = size - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (starts[middle] <= offset) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return arrivals[low];
    }
}
