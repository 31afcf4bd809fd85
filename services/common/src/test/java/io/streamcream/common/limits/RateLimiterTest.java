package io.streamcream.common.limits;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import io.streamcream.common.http.ApiException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

    private final RateLimiter limiter = new RateLimiter(Config.just(ConfigSources.create(Map.of(
            "login.per-ip.capacity", "2", "login.per-ip.period", "PT10M"))));

    @Test
    void limitsPerKeyAndTellsWhenToComeBack() {
        limiter.acquire("login", "per-ip", "10.0.0.1");
        limiter.acquire("login", "per-ip", "10.0.0.1");
        ApiException limited = assertThrows(ApiException.class, () -> limiter.acquire("login", "per-ip", "10.0.0.1"));
        assertThat(limited.status().code(), is(429));
        assertThat(limited.retryAfter().orElseThrow().toSeconds(), greaterThan(500L));
        limiter.acquire("login", "per-ip", "10.0.0.2");
    }

    @Test
    void unconfiguredScopesAreUnlimited() {
        for (int i = 0; i < 1000; i++) {
            limiter.acquire("login", "per-account", "someone");
            limiter.acquire("other", "per-ip", "10.0.0.1");
        }
        assertThat(true, is(true));
    }
}
