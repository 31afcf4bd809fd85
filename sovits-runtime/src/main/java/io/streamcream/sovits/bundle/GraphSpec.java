package io.streamcream.sovits.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One graph of a bundle as declared in {@code bundle.json}.
 *
 * @param role    what the graph is
 * @param file    the resolved {@code .onnx} file
 * @param vocab   the WordPiece vocabulary ({@code vocab.txt}; {@code bert} and {@code g2pw})
 * @param tables  further data files by manifest key ({@code g2pw}: {@code polyphonic_chars}, {@code bopomofo_to_pinyin})
 * @param inputs  declared inputs in manifest order
 * @param outputs declared outputs in manifest order
 */
public record GraphSpec(GraphRole role, Path file, Optional<Path> vocab, Map<String, Path> tables, List<TensorSpec> inputs,
                        List<TensorSpec> outputs) {
    /**
     * Copies the collections.
     */
    public GraphSpec {
        tables = Map.copyOf(tables);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * @param key manifest key of a data file
     * @return its resolved path
     * @throws IllegalArgumentException when the graph has no such file
     */
    public Path table(String key) {
        Path path = tables.get(key);
        if (path == null) {
            throw new IllegalArgumentException(role.key() + " has no " + key);
        }
        return path;
    }

    /**
     * @param name input name
     * @return its spec
     * @throws IllegalArgumentException when not declared
     */
    public TensorSpec input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(role.key() + " has no input " + name));
    }

    /**
     * @param name output name
     * @return its spec
     * @throws IllegalArgumentException when not declared
     */
    public TensorSpec output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(role.key() + " has no output " + name));
    }

    /**
     * @param name output name
     * @return whether it is declared
     */
    public boolean hasOutput(String name) {
        return outputs.stream().anyMatch(t -> t.name().equals(name));
    }
}
