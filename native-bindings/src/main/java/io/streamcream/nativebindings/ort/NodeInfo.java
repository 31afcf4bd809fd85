package io.streamcream.nativebindings.ort;

import java.util.List;

/**
 * A model input or output: name, kind, element type and shape.
 *
 * @param name           the name used in {@code Run}
 * @param valueType      tensor, sequence, map, ...
 * @param elementType    element type for tensors, {@link ElementType#UNDEFINED} otherwise
 * @param shape          dimensions; {@code -1} marks a dimension not fixed by the model
 * @param dimensionNames symbolic names of the dimensions ({@code ""} where the model gives none)
 */
public record NodeInfo(String name, ValueType valueType, ElementType elementType, List<Long> shape,
                       List<String> dimensionNames) {
    /**
     * Copies the lists.
     */
    public NodeInfo {
        shape = List.copyOf(shape);
        dimensionNames = List.copyOf(dimensionNames);
    }
}
