package io.streamcream.common.streams;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.streamcream.common.security.SecretCipher;

/**
 * Stream keys: generation, the accepted form of a given key, encryption at rest (bound to the owner)
 * and the keyed fingerprint kept in {@code stream_key_hash} for uniqueness and look-ups.
 */
public final class StreamKeys {

    /** Longest accepted key. */
    public static final int MAX_LENGTH = 256;
    /** Shortest accepted key. */
    public static final int MIN_LENGTH = 8;

    /** Printable ASCII without spaces, slashes, quotes or backslashes: the key is appended to an RTMP URL. */
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9!#$%&()*+,\\-.:;<=>?@\\[\\]^_{|}~]{"
            + MIN_LENGTH + "," + MAX_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretCipher cipher;

    /**
     * @param cipher encrypts keys at rest
     */
    public StreamKeys(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** @return a new random key: {@code sc_} and 40 hex characters (160 bits) */
    public static String generate() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return "sc_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * @param key a key given by a user
     * @return whether it has an acceptable form
     */
    public static boolean acceptable(String key) {
        return key != null && FORM.matcher(key).matches();
    }

    /**
     * @param userId owner
     * @param key    key in clear
     * @return the stored form
     */
    public String seal(long userId, String key) {
        return cipher.encrypt(key, context(userId));
    }

    /**
     * @param userId owner
     * @param stored stored form
     * @return the key in clear
     */
    public String open(long userId, String stored) {
        return cipher.decrypt(stored, context(userId));
    }

    /**
     * @param key key in clear
     * @return its fingerprint for {@code stream_key_hash}
     */
    public String fingerprint(String key) {
        return cipher.fingerprint("stream-key:" + key);
    }

    private static String context(long userId) {
        return "stream-key:" + userId;
    }
}
