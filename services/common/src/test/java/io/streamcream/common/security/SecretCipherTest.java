package io.streamcream.common.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretCipherTest {

    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
    }

    private static Config config(String encryptionKey) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of("security.encryption-key", encryptionKey)))
                .build();
    }

    @Test
    void roundTripsWithAFreshNonceEachTime() {
        SecretCipher cipher = SecretCipher.of(KEY);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String sealed = cipher.encrypt("sk-秘密-123", "preferences:1:aiSettings.apiKey");
            assertThat(sealed, startsWith(SecretCipher.PREFIX));
            assertThat(sealed, not(containsString("sk-")));
            assertThat(SecretCipher.isEncrypted(sealed), is(true));
            assertThat(cipher.decrypt(sealed, "preferences:1:aiSettings.apiKey"), is("sk-秘密-123"));
            seen.add(sealed);
        }
        assertThat(seen.size(), is(20));
        assertThat(cipher.decrypt(cipher.encrypt("", "c"), "c"), is(""));
    }

    @Test
    void wrongContextKeyOrTamperingIsDetected() {
        SecretCipher cipher = SecretCipher.of(KEY);
        String sealed = cipher.encrypt("secret", "preferences:1:stream_key");
        assertThrows(SecretCipher.SecretException.class, () -> cipher.decrypt(sealed, "preferences:2:stream_key"));
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThrows(SecretCipher.SecretException.class,
                () -> SecretCipher.of(otherKey).decrypt(sealed, "preferences:1:stream_key"));
        byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretCipher.PREFIX.length()));
        raw[raw.length - 1] ^= 1;
        String tampered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(raw);
        assertThrows(SecretCipher.SecretException.class, () -> cipher.decrypt(tampered, "preferences:1:stream_key"));
        assertThrows(SecretCipher.SecretException.class, () -> cipher.decrypt("v1:%%%", "x"));
        assertThrows(SecretCipher.SecretException.class, () -> cipher.decrypt("v1:AAAA", "x"));
        assertThrows(SecretCipher.SecretException.class, () -> cipher.decrypt("plain text", "x"));
        assertThat(SecretCipher.isEncrypted("plain text"), is(false));
        assertThat(SecretCipher.isEncrypted(null), is(false));
    }

    @Test
    void fingerprintsAreKeyedAndDeterministic() {
        SecretCipher cipher = SecretCipher.of(KEY);
        String fingerprint = cipher.fingerprint("live_123");
        assertThat(fingerprint, matchesPattern("[0-9a-f]{64}"));
        assertThat(cipher.fingerprint("live_123"), is(fingerprint));
        assertThat(cipher.fingerprint("live_124"), not(fingerprint));
        byte[] otherKey = KEY.clone();
        otherKey[5] ^= 1;
        assertThat(SecretCipher.of(otherKey).fingerprint("live_123"), not(fingerprint));
    }

    @Test
    void theKeyComesFromConfigurationOrIsGeneratedOnce(@TempDir Path keys) throws Exception {
        SecretStore store = new SecretStore(keys);
        SecretCipher configured = SecretCipher.create(config(Base64.getEncoder().encodeToString(KEY)), store);
        assertThat(SecretCipher.of(KEY).decrypt(configured.encrypt("x", "c"), "c"), is("x"));
        assertThat(Files.exists(keys.resolve(SecretCipher.KEY_FILE)), is(false));

        SecretCipher generated = SecretCipher.create(config(""), store);
        assertThat(Files.exists(keys.resolve(SecretCipher.KEY_FILE)), is(true));
        SecretCipher again = SecretCipher.create(config("  "), new SecretStore(keys));
        assertThat(again.decrypt(generated.encrypt("persisted", "c"), "c"), is("persisted"));
        assertThat(Base64.getDecoder().decode(Files.readString(keys.resolve(SecretCipher.KEY_FILE)).strip()).length, is(32));

        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> SecretCipher.create(config("not base64!"), store));
        assertThat(notBase64.getMessage(), containsString("security.encryption-key"));
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> SecretCipher.create(config(Base64.getEncoder().encodeToString(new byte[16])), store));
        assertThat(shortKey.getMessage(), containsString("32 bytes"));
    }
}
