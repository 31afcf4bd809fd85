package io.streamcream.common.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.config.Config;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Signs and verifies the platform's JWTs (HMAC-SHA2 through Helidon's JWT library).
 *
 * <p>Claims: {@code user_id}, {@code token_id}, {@code iat}, {@code exp}, {@code jti} (as the API
 * document §3.3.1 defines them) plus {@code tv}, the user's token generation, which lets a password
 * reset revoke every earlier token at once. Verification pins the algorithm: a token whose header
 * names another one ({@code none}, RS256, ...) is rejected before any signature check.
 *
 * <p>Tokens that passed verification are remembered (exact token text → claims, bounded in size
 * and time), because parsing a JWT through the JSON-P reader costs tens of kilobytes of garbage and
 * an HMAC per request. Only the text of a token that verified is ever a key, so a forged or altered
 * token never matches; the time claims are checked again on every use.
 */
public final class TokenService {

    private static final Set<String> ALGORITHMS = Set.of(JwkOctet.ALG_HS256, JwkOctet.ALG_HS384, JwkOctet.ALG_HS512);
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final Jwk key;
    private final Duration lifetime;
    private final Clock clock;
    private final Cache<String, TokenClaims> verified;

    private TokenService(String algorithm, byte[] secret, Duration lifetime, Clock clock, long cacheSize) {
        this.verified = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(Duration.ofMinutes(10)).build();
        this.algorithm = algorithm;
        this.lifetime = lifetime;
        this.clock = clock;
        this.key = JwkOctet.create(jakarta.json.Json.createObjectBuilder()
                .add(Jwk.PARAM_KEY_ID, "streamcream-" + algorithm.toLowerCase(java.util.Locale.ROOT))
                .add(Jwk.PARAM_KEY_TYPE, Jwk.KEY_TYPE_OCT)
                .add(Jwk.PARAM_ALGORITHM, algorithm)
                .add(Jwk.PARAM_USE, Jwk.USE_SIGNATURE)
                .add(JwkOctet.PARAM_OCTET_KEY, Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .build());
    }

    /**
     * Reads {@code security.jwt.*}. The key comes from {@code secret} (at least 32 bytes, Base64 or
     * plain text) or is generated once in the secret store.
     *
     * @param jwt     the {@code security.jwt} node
     * @param secrets where a generated key is kept
     * @param clock   time source
     * @return the service
     */
    public static TokenService create(Config jwt, SecretStore secrets, Clock clock) {
        String algorithm = jwt.get("algorithm").asString().orElse(JwkOctet.ALG_HS256).toUpperCase(java.util.Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalStateException("security.jwt.algorithm must be one of " + ALGORITHMS);
        }
        Duration lifetime = jwt.get("lifetime").as(Duration.class).orElse(Duration.ofDays(7));
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalStateException("security.jwt.lifetime must be positive");
        }
        String configured = jwt.get("secret").asString().orElse("").strip();
        byte[] secret = configured.isEmpty()
                ? secrets.key("jwt-" + algorithm.toLowerCase(java.util.Locale.ROOT) + ".key", 64)
                : decodeSecret(configured);
        long cacheSize = jwt.get("verified-cache-size").asLong().orElse(10_000L);
        if (cacheSize < 0) {
            throw new IllegalStateException("security.jwt.verified-cache-size must not be negative");
        }
        return new TokenService(algorithm, secret, lifetime, clock, cacheSize);
    }

    private static byte[] decodeSecret(String configured) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured);
        } catch (IllegalArgumentException notBase64) {
            bytes = configured.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length < 32) {
            throw new IllegalStateException("security.jwt.secret must hold at least 32 bytes");
        }
        return bytes;
    }

    /** @return how long a new token lives */
    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Signs a new token.
     *
     * @param userId       the user
     * @param tokenVersion the user's current token generation
     * @return the token
     */
    public IssuedToken issue(long userId, int tokenVersion) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String tokenId = HexFormat.of().formatHex(id);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetime);
        Jwt jwt = Jwt.builder()
                .algorithm(algorithm)
                .type("JWT")
                .addPayloadClaim("user_id", userId)
                .addPayloadClaim("token_id", tokenId)
                .addPayloadClaim("tv", tokenVersion)
                .jwtId(tokenId)
                .issueTime(now)
                .expirationTime(expires)
                .build();
        return new IssuedToken(SignedJwt.sign(jwt, key).tokenContent(), tokenId, expires);
    }

    /**
     * Verifies signature, algorithm, time claims and shape.
     *
     * @param token compact JWT
     * @return its claims when valid
     */
    public Optional<TokenClaims> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        TokenClaims known = verified.getIfPresent(token);
        if (known != null) {
            return current(known, clock.instant()) ? Optional.of(known) : Optional.empty();
        }
        Optional<TokenClaims> claims = parseAndVerify(token);
        claims.ifPresent(valid -> verified.put(token, valid));
        return claims;
    }

    private static boolean current(TokenClaims claims, Instant now) {
        return now.isBefore(claims.expiresAt().plus(CLOCK_SKEW)) && !claims.issuedAt().isAfter(now.plus(CLOCK_SKEW));
    }

    private Optional<TokenClaims> parseAndVerify(String token) {
        try {
            SignedJwt signed = SignedJwt.parseToken(token);
            Jwt jwt = signed.getJwt();
            if (!algorithm.equals(jwt.algorithm().orElse(""))) {
                return Optional.empty();
            }
            if (!key.verifySignature(signed.getSignedBytes(), signed.getSignature())) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            Optional<Instant> expires = jwt.expirationTime();
            Optional<Instant> issued = jwt.issueTime();
            if (expires.isEmpty() || issued.isEmpty()
                    || !now.isBefore(expires.get().plus(CLOCK_SKEW))
                    || issued.get().isAfter(now.plus(CLOCK_SKEW))) {
                return Optional.empty();
            }
            long userId = longClaim(jwt, "user_id").orElse(0L);
            Optional<String> tokenId = jwt.jwtId();
            if (userId <= 0 || tokenId.isEmpty() || tokenId.get().isBlank()) {
                return Optional.empty();
            }
            int version = longClaim(jwt, "tv").map(Long::intValue).orElse(0);
            return Optional.of(new TokenClaims(userId, tokenId.get(), version, issued.get(), expires.get()));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static Optional<Long> longClaim(Jwt jwt, String name) {
        Optional<JsonValue> value = jwt.payloadClaim(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JsonValue v = value.get();
        if (v instanceof JsonNumber number && number.isIntegral()) {
            return Optional.of(number.longValueExact());
        }
        if (v instanceof JsonString text) {
            try {
                return Optional.of(Long.parseLong(text.getString()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
