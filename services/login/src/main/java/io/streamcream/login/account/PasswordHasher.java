package io.streamcream.login.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Semaphore;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.ScryptFunction;
import com.password4j.types.Argon2;

/**
 * Password hashing with Argon2id at the OWASP-recommended cost (m = 19 MiB, t = 2, p = 1), through
 * Password4j.
 *
 * <p>Also verifies the hashes of the original Python system (Werkzeug's
 * {@code scrypt:N:r:p$salt$hex} and {@code pbkdf2:sha256:N$salt$hex}) so migrated users keep their
 * passwords; {@link #needsRehash} tells the caller to replace them after a successful login.
 * Each Argon2 run takes 19 MiB, so concurrent runs are bounded to keep memory flat under load.
 */
public final class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int OUTPUT_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final String CURRENT_PREFIX = "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$";
    /** A valid hash checked when the user does not exist, so timing does not reveal accounts. */
    private final String decoyHash;
    private final Argon2Function argon2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, OUTPUT_BYTES, Argon2.ID);
    private final Semaphore slots;

    /**
     * @param concurrentHashes how many hashes may run at once
     */
    public PasswordHasher(int concurrentHashes) {
        this.slots = new Semaphore(Math.max(1, concurrentHashes), true);
        this.decoyHash = hash("decoy-password-for-timing");
    }

    /**
     * Hashes a new password.
     *
     * @param password the password
     * @return a PHC-format Argon2id string
     */
    public String hash(String password) {
        return bounded(() -> Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult());
    }

    /**
     * Checks a password against a stored hash of any supported format.
     *
     * @param password the candidate
     * @param stored   the stored hash
     * @return whether it matches
     */
    public boolean verify(String password, String stored) {
        if (stored.startsWith("$argon2")) {
            return bounded(() -> {
                try {
                    return Password.check(password, stored).with(Argon2Function.getInstanceFromHash(stored));
                } catch (RuntimeException corrupt) {
                    return false;
                }
            });
        }
        if (stored.startsWith("scrypt:")) {
            return bounded(() -> verifyWerkzeugScrypt(password, stored));
        }
        if (stored.startsWith("pbkdf2:")) {
            return bounded(() -> verifyWerkzeugPbkdf2(password, stored));
        }
        return false;
    }

    /**
     * Runs a check against a fixed hash, for requests naming no user.
     *
     * @param password the candidate
     */
    public void verifyDecoy(String password) {
        verify(password, decoyHash);
    }

    /**
     * @param stored a stored hash
     * @return whether it is not the current Argon2id configuration
     */
    public boolean needsRehash(String stored) {
        return !stored.startsWith(CURRENT_PREFIX);
    }

    private static boolean verifyWerkzeugScrypt(String password, String stored) {
        // scrypt:<n>:<r>:<p>$<salt>$<hex of 64 bytes>; the salt is used as its ASCII bytes.
        String[] parts = stored.split("\\$", -1);
        String[] method = parts[0].split(":");
        if (parts.length != 3 || method.length != 4) {
            return false;
        }
        try {
            int n = Integer.parseInt(method[1]);
            int r = Integer.parseInt(method[2]);
            int p = Integer.parseInt(method[3]);
            byte[] expected = HexFormat.of().parseHex(parts[2]);
            if (n <= 1 || n > (1 << 20) || r < 1 || r > 32 || p < 1 || p > 16 || expected.length == 0) {
                return false;
            }
            byte[] actual = ScryptFunction.getInstance(n, r, p, expected.length)
                    .scrypt(password.getBytes(StandardCharsets.UTF_8), parts[1].getBytes(StandardCharsets.UTF_8),
                            expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean verifyWerkzeugPbkdf2(String password, String stored) {
        // pbkdf2:<digest>:<iterations>$<salt>$<hex>; older rows may omit the iteration count.
        String[] parts = stored.split("\\$", -1);
        String[] method = parts[0].split(":");
        if (parts.length != 3 || method.length < 2) {
            return false;
        }
        try {
            String digest = method[1].toLowerCase(Locale.ROOT);
            String algorithm = switch (digest) {
                case "sha256" -> "PBKDF2WithHmacSHA256";
                case "sha512" -> "PBKDF2WithHmacSHA512";
                case "sha1" -> "PBKDF2WithHmacSHA1";
                default -> "";
            };
            if (algorithm.isEmpty()) {
                return false;
            }
            int iterations = method.length > 2 ? Integer.parseInt(method[2]) : 260_000;
            byte[] expected = HexFormat.of().parseHex(parts[2]);
            if (iterations < 1 || iterations > 10_000_000 || expected.length == 0) {
                return false;
            }
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), parts[1].getBytes(StandardCharsets.UTF_8),
                    iterations, expected.length * 8);
            byte[] actual = SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
            spec.clearPassword();
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private <T> T bounded(java.util.function.Supplier<T> work) {
        slots.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
