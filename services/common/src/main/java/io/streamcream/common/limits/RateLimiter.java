package io.streamcream.common.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.helidon.config.Config;

import io.streamcream.common.http.ApiException;

/**
 * Token-bucket limits (Bucket4j) per action and key, e.g. {@code login} per client IP and per
 * account. Each action reads {@code rate-limits.<action>.<scope>} as {@code {capacity, period}};
 * a missing entry means no limit for that scope.
 *
 * <p>Buckets live in memory, per instance: with several instances the effective limit is the sum.
 */
public final class RateLimiter {

    private static final int MAX_BUCKETS = 200_000;

    private final Config limits;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Optional<Bandwidth>> bandwidths = new ConcurrentHashMap<>();

    /**
     * @param limits the {@code rate-limits} node
     */
    public RateLimiter(Config limits) {
        this.limits = limits;
    }

    /**
     * Takes one token for {@code action}/{@code scope}/{@code key}, or throws 429 with
     * {@code Retry-After}.
     *
     * @param action such as {@code login}
     * @param scope  such as {@code per-ip} or {@code per-account}
     * @param key    the IP address or the normalised account name
     */
    public void acquire(String action, String scope, String key) {
        Optional<Bandwidth> limit = bandwidths.computeIfAbsent(action + "/" + scope, ignored -> bandwidth(action, scope));
        if (limit.isEmpty()) {
            return;
        }
        Bandwidth bandwidth = limit.get();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(action + "/" + scope + "/" + key,
                ignored -> Bucket.builder().addLimit(bandwidth).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.tooManyRequests("请求过于频繁，请稍后再试",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private Optional<Bandwidth> bandwidth(String action, String scope) {
        Config node = limits.get(action).get(scope);
        if (!node.exists()) {
            return Optional.empty();
        }
        long capacity = node.get("capacity").asLong().orElse(0L);
        Duration period = node.get("period").as(Duration.class).orElse(Duration.ofMinutes(1));
        if (capacity <= 0) {
            return Optional.empty();
        }
        return Optional.of(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, period).build());
    }
}
