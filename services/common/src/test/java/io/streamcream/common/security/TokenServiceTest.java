package io.streamcream.common.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TokenService service(Map<String, String> settings, Path keys, Instant now) {
        return TokenService.create(Config.just(ConfigSources.create(settings)), new SecretStore(keys),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void issuedTokensVerifyUntilTheyExpire(@TempDir Path keys) {
        TokenService tokens = service(Map.of("lifetime", "PT1H"), keys, NOW);
        IssuedToken token = tokens.issue(42, 3);
        TokenClaims claims = tokens.verify(token.token()).orElseThrow();
        assertThat(claims.userId(), is(42L));
        assertThat(claims.tokenVersion(), is(3));
        assertThat(claims.tokenId(), is(token.tokenId()));
        assertThat(claims.expiresAt(), is(NOW.plus(Duration.ofHours(1))));
        TokenService later = service(Map.of("lifetime", "PT1H"), keys, NOW.plus(Duration.ofHours(2)));
        assertThat(later.verify(token.token()), is(Optional.empty()));
    }

    @Test
    void theGeneratedKeyIsKeptAndReused(@TempDir Path keys) throws Exception {
        IssuedToken token = service(Map.of(), keys, NOW).issue(1, 0);
        assertThat(Files.exists(keys.resolve("jwt-hs256.key")), is(true));
        assertThat(Files.getPosixFilePermissions(keys.resolve("jwt-hs256.key")).toString(), is("[OWNER_READ, OWNER_WRITE]"));
        assertThat(service(Map.of(), keys, NOW).verify(token.token()).isPresent(), is(true));
    }

    @Test
    void weakOrUnknownSettingsAreRefused(@TempDir Path keys) {
        IllegalStateException weak = assertThrows(IllegalStateException.class,
                () -> service(Map.of("secret", "short"), keys, NOW));
        assertThat(weak.getMessage(), containsString("at least 32 bytes"));
        assertThat(weak.getMessage(), not(containsString("short")));
        assertThrows(IllegalStateException.class, () -> service(Map.of("algorithm", "none"), keys, NOW));
        assertThrows(IllegalStateException.class, () -> service(Map.of("algorithm", "RS256"), keys, NOW));
    }

    @Test
    void garbageNeverVerifies(@TempDir Path keys) {
        TokenService tokens = service(Map.of(), keys, NOW);
        for (String garbage : new String[] {"", "x", "a.b.c", "..", "e30.e30.", "a".repeat(5000) + ".b.c"}) {
            assertThat(garbage, tokens.verify(garbage), is(Optional.empty()));
        }
    }

    @Test
    void aRememberedTokenStillExpiresAndItsAlteredFormsStillFail(@TempDir Path keys) {
        MutableClock clock = new MutableClock(NOW);
        TokenService tokens = TokenService.create(Config.just(ConfigSources.create(Map.of("lifetime", "PT1H"))),
                new SecretStore(keys), clock);
        String token = tokens.issue(7, 0).token();
        assertThat(tokens.verify(token).isPresent(), is(true));
        assertThat("second use, from the cache", tokens.verify(token).orElseThrow().userId(), is(7L));
        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThat(tokens.verify(otherSignature), is(Optional.empty()));
        assertThat(tokens.verify(token + "x"), is(Optional.empty()));
        clock.now = NOW.plus(Duration.ofMinutes(59));
        assertThat(tokens.verify(token).isPresent(), is(true));
        clock.now = NOW.plus(Duration.ofMinutes(61));
        assertThat("past exp plus the 30 s skew, though remembered", tokens.verify(token), is(Optional.empty()));
    }

    @Test
    void theCacheCanBeTurnedOffAndRefusesNegativeSizes(@TempDir Path keys) {
        TokenService tokens = service(Map.of("verified-cache-size", "0"), keys, NOW);
        String token = tokens.issue(9, 1).token();
        assertThat(tokens.verify(token).isPresent(), is(true));
        assertThat(tokens.verify(token).isPresent(), is(true));
        assertThrows(IllegalStateException.class, () -> service(Map.of("verified-cache-size", "-1"), keys, NOW));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
