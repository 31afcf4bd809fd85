package io.streamcream.nativebindings.ort;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The outputs of one run, in the order they were requested. Closing it closes every output tensor.
 */
public final class RunResult implements AutoCloseable, Iterable<Tensor> {
    private final List<String> names;
    private final List<Tensor> tensors;

    RunResult(List<String> names, List<Tensor> tensors) {
        this.names = List.copyOf(names);
        this.tensors = List.copyOf(tensors);
    }

    /**
     * Output by position.
     *
     * @param index position in the requested outputs
     * @return the tensor
     */
    public Tensor get(int index) {
        return tensors.get(index);
    }

    /**
     * Output by name.
     *
     * @param name output name
     * @return the tensor
     * @throws NoSuchElementException if that output was not requested
     */
    public Tensor get(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new NoSuchElementException("no output named " + name + " in " + names);
        }
        return tensors.get(index);
    }

    /**
     * Output names, in order.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * Number of outputs.
     *
     * @return the count
     */
    public int size() {
        return tensors.size();
    }

    @Override
    public Iterator<Tensor> iterator() {
        return tensors.iterator();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Tensor tensor : tensors) {
            try {
                tensor.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
