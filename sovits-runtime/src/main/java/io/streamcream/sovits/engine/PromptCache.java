package io.streamcream.sovits.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.streamcream.sovits.audio.ReferenceFeatures;

/**
 * Reference and prompt results by (SHA-256 of the reference file, prompt text, prompt language, voice instance),
 * least recently used first out. Concurrent requests for the same key compute it once; a failed computation is not
 * kept.
 */
public final class PromptCache {
    /**
     * Cache key.
     *
     * @param audioSha256    hex SHA-256 of the WAV bytes
     * @param promptText     prompt text as given
     * @param promptLanguage normalised prompt language
     * @param voice          voice name and load generation
     */
    public record Key(String audioSha256, String promptText, String promptLanguage, String voice) {
        /** Prompt language of auxiliary-reference keys; no request language can be this. */
        private static final String AUXILIARY = "aux-ref";

        /**
         * The key of an auxiliary reference ({@code aux_ref_audio_paths}): only its style is used, so there is no
         * prompt, and it never matches a main reference's key.
         *
         * @param audioSha256 hex SHA-256 of the WAV bytes
         * @param voice       voice name and load generation
         * @return the key
         */
        public static Key auxiliary(String audioSha256, String voice) {
            return new Key(audioSha256, "", AUXILIARY, voice);
        }
    }

    /**
     * What a request takes from the cache.
     *
     * @param reference  tokens and spectrogram of the reference
     * @param phoneIds   prompt phones (empty when reference-free)
     * @param bert       prompt BERT features, row-major {@code [1024, phones]}
     */
    public record Prompt(ReferenceFeatures reference, long[] phoneIds, float[] bert) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, CompletableFuture<Prompt>> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param capacity entries kept
     */
    public PromptCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<Prompt>> eldest) {
                return size() > PromptCache.this.capacity;
            }
        };
    }

    /**
     * @param bytes file contents
     * @return hex SHA-256
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Returns the cached prompt or computes it in the calling thread.
     *
     * @param key     the key
     * @param compute the computation
     * @return the prompt
     */
    public Prompt get(Key key, Supplier<Prompt> compute) {
        CompletableFuture<Prompt> mine = new CompletableFuture<>();
        CompletableFuture<Prompt> existing;
        synchronized (entries) {
            existing = entries.get(key);
            if (existing == null) {
                entries.put(key, mine);
            }
        }
        if (existing != null) {
            hits.incrementAndGet();
            try {
                return existing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while waiting for a shared prompt");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        misses.incrementAndGet();
        try {
            Prompt p = compute.get();
            mine.complete(p);
            return p;
        } catch (RuntimeException | Error e) {
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * @return lookups answered from the cache
     */
    public long hits() {
        return hits.get();
    }

    /**
     * @return lookups that computed
     */
    public long misses() {
        return misses.get();
    }
}
