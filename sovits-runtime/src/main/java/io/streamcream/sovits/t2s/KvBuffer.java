package io.streamcream.sovits.t2s;

import io.streamcream.nativebindings.ort.Tensor;

/** One K or V cache buffer of a {@link KvPlacement}; tensors over its rows are views, never copies. */
public interface KvBuffer extends AutoCloseable {

    /**
     * @param offsetBytes first byte of the view
     * @param bytes       length of the view
     * @param shape       float tensor shape covering exactly {@code bytes}
     * @return a tensor over that range, to be closed by the caller (the memory stays the buffer's)
     */
    Tensor view(long offsetBytes, long bytes, long... shape);

    @Override
    void close();
}
