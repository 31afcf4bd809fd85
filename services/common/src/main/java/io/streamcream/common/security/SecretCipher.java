package io.streamcream.common.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.config.Config;

/**
 * Encrypts small secrets at rest (users' LLM API keys, RTMP stream keys) with AES-256-GCM.
 *
 * <p>Stored form: {@code v1:} followed by Base64 of {@code nonce(12) || ciphertext || tag(16)}. Each
 * value is bound to a context string (such as {@code preferences:42}) through the GCM associated
 * data, so a ciphertext copied into another user's row does not decrypt there.
 *
 * <p>The key comes from {@code security.encryption-key} (Base64 of 32 bytes) or, when that is empty,
 * is generated once under {@code <data-dir>/keys/preferences-aes.key}. Losing the key makes the
 * stored secrets unreadable, so the data directory (or the configured key) must be backed up.
 */
public final class SecretCipher {

    /** Prefix of every value this class produces. */
    public static final String PREFIX = "v1:";
    /** Name of the generated key file in the secret store. */
    public static final String KEY_FILE = "preferences-aes.key";

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec fingerprintKey;
    /** Looked up once: a provider-less {@code Cipher.getInstance} searches every provider on each call. */
    private final Provider provider;

    private SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("The encryption key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        this.encryptionKey = new SecretKeySpec(key, "AES");
        try {
            this.provider = Cipher.getInstance(TRANSFORMATION).getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
        // A separate key for fingerprints, derived from the same secret, so the HMAC never reuses the AES key.
        this.fingerprintKey = new SecretKeySpec(hmac(new SecretKeySpec(key, "HmacSHA256"),
                "streamcream fingerprint key v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    /**
     * A cipher over a raw key.
     *
     * @param key 32 bytes
     * @return the cipher
     */
    public static SecretCipher of(byte[] key) {
        return new SecretCipher(key.clone());
    }

    /**
     * The cipher of an installation: {@code security.encryption-key} when set, else the generated key.
     *
     * @param config  root configuration
     * @param secrets where a generated key is kept
     * @return the cipher
     */
    public static SecretCipher create(Config config, SecretStore secrets) {
        String configured = config.get("security.encryption-key").asString().orElse("").strip();
        if (configured.isEmpty()) {
            return new SecretCipher(secrets.key(KEY_FILE, KEY_BYTES));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("security.encryption-key must be Base64 (32 bytes)", e);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("security.encryption-key must decode to exactly 32 bytes, got " + key.length);
        }
        return new SecretCipher(key);
    }

    /**
     * @param stored a stored value
     * @return whether it has the form this class writes
     */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /**
     * Encrypts a value.
     *
     * @param plain   the clear text
     * @param context what the value belongs to (authenticated, not stored)
     * @return the stored form
     */
    public String encrypt(String plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a value written by {@link #encrypt}.
     *
     * @param stored  the stored form
     * @param context the same context as at encryption
     * @return the clear text
     * @throws SecretException when the value is malformed, was tampered with, or belongs elsewhere
     */
    public String decrypt(String stored, String context) {
        if (!isEncrypted(stored)) {
            throw new SecretException("not an encrypted value");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretException("not Base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretException("authentication failed (wrong key, context or tampered value)");
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot decrypt: " + e.getMessage());
        }
    }

    /**
     * A keyed, deterministic fingerprint (HMAC-SHA256, hex) for uniqueness checks and look-ups of a
     * secret without storing it in clear or as a plain hash that could be brute-forced offline.
     *
     * @param value the secret
     * @return 64 lowercase hex characters
     */
    public String fingerprint(String value) {
        return HexFormat.of().formatHex(hmac(fingerprintKey, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM]";
    }

    /** A stored secret that cannot be decrypted. */
    public static final class SecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretException(String message) {
            super(message);
        }
    }
}
