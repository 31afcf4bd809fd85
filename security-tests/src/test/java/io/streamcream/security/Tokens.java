package io.streamcream.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.streamcream.common.json.Json;

/** Hand-made JWTs: forged, tampered, unsigned and expired ones. */
final class Tokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    static String part(Object json) {
        return URL.encodeToString(Json.bytes(json));
    }

    static String sign(String signingInput, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with the given key over the given header and claims. */
    static String hs256(Map<String, Object> header, Map<String, Object> claims, byte[] key) {
        String input = part(header) + "." + part(claims);
        return input + "." + sign(input, key);
    }

    static Map<String, Object> claims(long userId, long issuedAt, long expires) {
        String id = java.util.UUID.randomUUID().toString().replace("-", "");
        return Map.of("user_id", userId, "token_id", id, "jti", id, "tv", 0, "iat", issuedAt, "exp", expires);
    }

    /** @return the token with its payload replaced by one naming another user, keeping the signature */
    static String withPayload(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + part(claims) + "." + parts[2];
    }
}
