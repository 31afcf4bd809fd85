package io.streamcream.sovits.bundle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.streamcream.nativebindings.ort.Session;

/**
 * A loaded bundle: one session per graph (shared ones through {@link SharedSessions}), each validated against the
 * manifest.
 */
public final class VoiceBundle implements AutoCloseable {
    private final BundleManifest manifest;
    private final Map<GraphRole, SharedSessions.Lease> leases;

    private VoiceBundle(BundleManifest manifest, Map<GraphRole, SharedSessions.Lease> leases) {
        this.manifest = manifest;
        this.leases = leases;
    }

    /**
     * Opens every graph of a manifest.
     *
     * @param manifest the manifest
     * @param sessions the shared session cache
     * @return the loaded bundle
     * @throws BundleException for the first missing or mismatching graph (nothing stays open)
     */
    public static VoiceBundle load(BundleManifest manifest, SharedSessions sessions) {
        Map<GraphRole, SharedSessions.Lease> leases = new EnumMap<>(GraphRole.class);
        List<SharedSessions.Lease> all = new ArrayList<>();
        try {
            for (GraphRole role : GraphRole.values()) {
                Optional<GraphSpec> spec = manifest.graph(role);
                if (spec.isEmpty()) {
                    continue;
                }
                SharedSessions.Lease lease = sessions.acquire(manifest.name(), spec.get());
                all.add(lease);
                leases.put(role, lease);
            }
            return new VoiceBundle(manifest, leases);
        } catch (RuntimeException e) {
            all.forEach(SharedSessions.Lease::close);
            throw e;
        }
    }

    /**
     * @return the manifest
     */
    public BundleManifest manifest() {
        return manifest;
    }

    /**
     * @return the voice name
     */
    public String name() {
        return manifest.name();
    }

    /**
     * @param role a graph role
     * @return its session
     * @throws IllegalStateException when the bundle lacks the graph
     */
    public Session session(GraphRole role) {
        SharedSessions.Lease lease = leases.get(role);
        if (lease == null) {
            throw new IllegalStateException("bundle " + name() + " has no " + role.key() + " graph");
        }
        return lease.session();
    }

    /**
     * @param role a graph role
     * @return whether the bundle has the graph loaded
     */
    public boolean has(GraphRole role) {
        return leases.containsKey(role);
    }

    /** Releases this bundle's references; shared sessions stay open for other voices. */
    @Override
    public void close() {
        leases.values().forEach(SharedSessions.Lease::close);
    }
}
