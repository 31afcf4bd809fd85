package io.streamcream.nativebindings.ort;

/**
 * {@code ONNXTensorElementDataType}: tensor element types with their C value and size in bytes.
 */
public enum ElementType {
    /** Unknown or not a tensor. */
    UNDEFINED(0, 0),
    /** 32-bit IEEE float. */
    FLOAT(1, 4),
    /** Unsigned byte. */
    UINT8(2, 1),
    /** Signed byte. */
    INT8(3, 1),
    /** Unsigned 16-bit. */
    UINT16(4, 2),
    /** Signed 16-bit. */
    INT16(5, 2),
    /** Signed 32-bit. */
    INT32(6, 4),
    /** Signed 64-bit. */
    INT64(7, 8),
    /** Strings (not supported for tensors created here). */
    STRING(8, 0),
    /** One byte per element, 0 or 1. */
    BOOL(9, 1),
    /** IEEE half precision; convert with {@link Float#floatToFloat16} / {@link Float#float16ToFloat}. */
    FLOAT16(10, 2),
    /** 64-bit IEEE float. */
    DOUBLE(11, 8),
    /** Unsigned 32-bit. */
    UINT32(12, 4),
    /** Unsigned 64-bit. */
    UINT64(13, 8),
    /** Two floats. */
    COMPLEX64(14, 8),
    /** Two doubles. */
    COMPLEX128(15, 16),
    /** Brain float 16. */
    BFLOAT16(16, 2);

    private final int value;
    private final int byteSize;

    ElementType(int value, int byteSize) {
        this.value = value;
        this.byteSize = byteSize;
    }

    /**
     * The C enum value.
     *
     * @return the {@code ONNXTensorElementDataType} number
     */
    public int value() {
        return value;
    }

    /**
     * Bytes per element.
     *
     * @return the size, 0 for {@link #STRING} and {@link #UNDEFINED}
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Maps a C value.
     *
     * @param value the C enum value
     * @return the constant, {@link #UNDEFINED} for values this binding does not know
     */
    public static ElementType of(int value) {
        for (ElementType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        return UNDEFINED;
    }
}
