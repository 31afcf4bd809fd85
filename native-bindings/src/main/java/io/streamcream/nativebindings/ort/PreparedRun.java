package io.streamcream.nativebindings.ort;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.streamcream.nativebindings.internal.UsageGuard;

/**
 * A copy-free run over fixed tensors (see {@link Session#prepare}): the native name and value arrays are built once,
 * and {@link #run()} is one {@code Run} call into the preallocated outputs. Change inputs by writing into their
 * {@link Tensor#data()} segments. Concurrent {@code run()} calls on one instance would write the same outputs, so use
 * one prepared run per thread.
 */
public final class PreparedRun implements AutoCloseable {
    private final Session session;
    private final Tensor[] inputs;
    private final Tensor[] outputs;
    private final RunOptions options;
    private final MemorySegment inputNames;
    private final MemorySegment inputValues;
    private final MemorySegment outputNames;
    private final MemorySegment outputValues;
    private final Arena arena;
    private final UsageGuard guard = new UsageGuard("PreparedRun");

    PreparedRun(Session session, Tensor[] inputs, Tensor[] outputs, RunOptions options, MemorySegment inputNames,
                MemorySegment inputValues, MemorySegment outputNames, MemorySegment outputValues, Arena arena) {
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
        this.options = options;
        this.inputNames = inputNames;
        this.inputValues = inputValues;
        this.outputNames = outputNames;
        this.outputValues = outputValues;
        this.arena = arena;
    }

    /**
     * Runs the model; the outputs' data segments hold the results afterwards.
     *
     * @throws OrtException         if ORT rejects the run
     * @throws IllegalStateException if this, the session or one of the tensors is closed
     */
    public void run() {
        guard.enter();
        try {
            session.execute(inputs, outputs, options, inputNames, inputValues, outputNames, outputValues);
        } finally {
            guard.exit();
        }
    }

    @Override
    public void close() {
        if (guard.close()) {
            arena.close();
        }
    }
}
