package io.streamcream.sovits.engine;

import io.streamcream.sovits.text.CmuDict;

/**
 * Engine settings.
 *
 * @param concurrency        simultaneous syntheses per voice (default 5)
 * @param queueCapacity      requests that may wait per voice beyond those; more are rejected as busy (default 10)
 * @param intraOpThreads     ONNX Runtime threads per graph run (default 1)
 * @param preferCuda         try the CUDA execution provider on device 0, else CPU
 * @param promptCacheEntries reference/prompt results kept (default 64)
 * @param streamBuffer       finished chunks a stream holds before the synthesis waits for the consumer (default 2)
 * @param dictionary         CMUdict for English
 */
public record EngineConfig(int concurrency, int queueCapacity, int intraOpThreads, boolean preferCuda,
                           int promptCacheEntries, int streamBuffer, CmuDict dictionary) {
    /**
     * Checks the values.
     */
    public EngineConfig {
        if (concurrency < 1 || queueCapacity < 0 || intraOpThreads < 1 || promptCacheEntries < 1 || streamBuffer < 1) {
            throw new IllegalArgumentException("concurrency, intraOpThreads, promptCacheEntries and streamBuffer must be "
                    + ">= 1 and queueCapacity >= 0");
        }
    }

    /**
     * @return 5 concurrent, queue of 10, 1 thread per run, CPU, 64 cached prompts, 2 buffered chunks, no CMUdict
     */
    public static EngineConfig defaults() {
        return new EngineConfig(5, 10, 1, false, 64, 2, CmuDict.empty());
    }

    /**
     * @param n      concurrency
     * @param queue  queue capacity
     * @return a copy with other pool limits
     */
    public EngineConfig withPool(int n, int queue) {
        return new EngineConfig(n, queue, intraOpThreads, preferCuda, promptCacheEntries, streamBuffer, dictionary);
    }
}
