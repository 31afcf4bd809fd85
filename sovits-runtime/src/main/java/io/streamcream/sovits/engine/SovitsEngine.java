package io.streamcream.sovits.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.streamcream.nativebindings.cuda.CudaRuntime;
import io.streamcream.nativebindings.ort.Environment;
import io.streamcream.nativebindings.ort.ExecutionDevice;
import io.streamcream.nativebindings.ort.SessionOptions;
import io.streamcream.sovits.bundle.BundleDiscovery;
import io.streamcream.sovits.bundle.BundleManifest;
import io.streamcream.sovits.bundle.SharedSessions;
import io.streamcream.sovits.bundle.VoiceBundle;
import io.streamcream.sovits.t2s.KvPlacement;
import io.streamcream.sovits.text.TextFrontend;

/**
 * The in-process GPT-SoVITS runtime: discovers bundles under a root ({@code userdatas/tts/}), loads a voice on first
 * use, shares graphs between voices, and hands out {@link Voice}s. Owns the ORT environment, the session options, the
 * shared sessions, the text frontend and the prompt cache.
 */
public final class SovitsEngine implements AutoCloseable {
    private final Path root;
    private final EngineConfig config;
    private final Environment environment;
    private final SessionOptions options;
    private final SharedSessions sessions;
    private final SerialFrontend frontend;
    private final PromptCache cache;
    /** Where the voices' T2S KV caches live; closed after the voices. */
    private final KvPlacement kvPlacement;
    private final Map<String, Voice> voices = new HashMap<>();
    private BundleDiscovery.Scan scan;
    private boolean closed;

    /** The CUDA device the sessions use when CUDA is preferred. */
    private static final int CUDA_DEVICE = 0;

    private SovitsEngine(Path root, EngineConfig config) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.config = config;
        this.scan = BundleDiscovery.scan(this.root);
        this.environment = Environment.create();
        this.options = SessionOptions.create().intraOpThreads(config.intraOpThreads());
        ExecutionDevice device = config.preferCuda() ? options.preferCuda(CUDA_DEVICE) : ExecutionDevice.CPU;
        this.kvPlacement = KvPlacements.choose(device, CUDA_DEVICE, CudaRuntime::find);
        this.sessions = new SharedSessions(environment, options);
        this.frontend = new SerialFrontend(new TextFrontend(config.dictionary()));
        this.cache = new PromptCache(config.promptCacheEntries());
    }

    /**
     * Scans the root; nothing is loaded until a voice is asked for.
     *
     * @param root   the bundle root
     * @param config settings
     * @return the engine
     * @throws IOException when the root cannot be listed
     */
    public static SovitsEngine open(Path root, EngineConfig config) throws IOException {
        return new SovitsEngine(root, config);
    }

    /**
     * @return the last scan (bundles, problems, upstream weights without a bundle)
     */
    public synchronized BundleDiscovery.Scan scan() {
        return scan;
    }

    /**
     * Scans the root again; loaded voices stay as they are until {@link #reload}.
     *
     * @return the new scan
     * @throws IOException when the root cannot be listed
     */
    public synchronized BundleDiscovery.Scan rescan() throws IOException {
        scan = BundleDiscovery.scan(root);
        return scan;
    }

    /**
     * @return names of the valid bundles found
     */
    public synchronized Set<String> voiceNames() {
        return scan.bundles().keySet();
    }

    /**
     * The voice of that name, loading it on first use.
     *
     * @param name voice name
     * @return the voice
     * @throws UnknownVoiceException when no valid bundle has that name
     * @throws io.streamcream.sovits.bundle.BundleException when a graph is missing or does not match the manifest
     */
    public synchronized Voice voice(String name) {
        if (closed) {
            throw new IllegalStateException("SovitsEngine is closed");
        }
        Voice v = voices.get(name);
        if (v == null) {
            v = load(name);
            voices.put(name, v);
        }
        return v;
    }

    /**
     * Re-reads the voice's manifest and graphs and swaps them in. Requests already running on the old instance
     * finish on it; it is released when they are done.
     *
     * @param name voice name
     * @return the new instance
     * @throws IOException when the root cannot be listed
     */
    public synchronized Voice reload(String name) throws IOException {
        rescan();
        Voice fresh = load(name);
        Voice old = voices.put(name, fresh);
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    private Voice load(String name) {
        BundleManifest manifest = scan.bundles().get(name);
        if (manifest == null) {
            throw new UnknownVoiceException("unknown voice \"" + name + "\"; available: " + List.copyOf(scan.bundles().keySet()));
        }
        VoiceBundle bundle = VoiceBundle.load(BundleManifest.read(manifest.directory(), root), sessions);
        try {
            return new Voice(bundle, frontend, cache, config, kvPlacement);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /**
     * @return the prompt cache (for metrics)
     */
    public PromptCache promptCache() {
        return cache;
    }

    /**
     * @return the shared sessions (for metrics)
     */
    public SharedSessions sessions() {
        return sessions;
    }

    /** @return where the voices' T2S KV caches live: {@code host}, or {@code cuda:0} when the sessions run on CUDA */
    public String kvPlacement() {
        return kvPlacement.name();
    }

    /**
     * Stops every voice, cancels its streams, waits up to 30 s for the workers to leave, then releases all native
     * objects.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        voices.values().forEach(Voice::close);
        voices.values().forEach(Voice::cancelAll);
        try {
            for (Voice v : voices.values()) {
                v.awaitClosed(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        voices.clear();
        sessions.close();
        kvPlacement.close();
        options.close();
        environment.close();
    }
}
