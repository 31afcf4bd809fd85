package io.streamcream.sovits.bundle;

import java.util.ArrayList;
import java.util.List;

import io.streamcream.nativebindings.ort.ElementType;

/**
 * One graph input or output as the manifest declares it.
 *
 * @param name    tensor name
 * @param type    element type
 * @param dims    dimensions; {@code -1} where the dimension is symbolic (dynamic)
 * @param symbols symbolic names ({@code ""} for fixed dimensions)
 */
public record TensorSpec(String name, ElementType type, List<Long> dims, List<String> symbols) {
    /**
     * Copies the lists.
     */
    public TensorSpec {
        dims = List.copyOf(dims);
        symbols = List.copyOf(symbols);
    }

    /**
     * @return the rank
     */
    public int rank() {
        return dims.size();
    }

    /**
     * @param index dimension index
     * @return the fixed size, or {@code -1} when symbolic
     */
    public long dim(int index) {
        return dims.get(index);
    }

    /**
     * Manifest spelling of the element type.
     *
     * @param type element type
     * @return {@code float32}, {@code int64}, ...
     */
    public static String typeName(ElementType type) {
        return switch (type) {
            case FLOAT -> "float32";
            case FLOAT16 -> "float16";
            case DOUBLE -> "float64";
            case INT64 -> "int64";
            case INT32 -> "int32";
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case BOOL -> "bool";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Parses a manifest element type name.
     *
     * @param name {@code float32}, {@code float16}, {@code float64}, {@code int64}, {@code int32}, {@code int8},
     *             {@code uint8} or {@code bool}
     * @return the type, or {@code null} for other names
     */
    static ElementType parseType(String name) {
        return switch (name) {
            case "float32" -> ElementType.FLOAT;
            case "float16" -> ElementType.FLOAT16;
            case "float64" -> ElementType.DOUBLE;
            case "int64" -> ElementType.INT64;
            case "int32" -> ElementType.INT32;
            case "int8" -> ElementType.INT8;
            case "uint8" -> ElementType.UINT8;
            case "bool" -> ElementType.BOOL;
            default -> null;
        };
    }

    /**
     * @return e.g. {@code int64[1,"N"]}
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            parts.add(dims.get(i) >= 0 ? Long.toString(dims.get(i)) : "\"" + symbols.get(i) + "\"");
        }
        return typeName(type) + "[" + String.join(",", parts) + "]";
    }
}
