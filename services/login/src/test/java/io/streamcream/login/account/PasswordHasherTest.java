package io.streamcream.login.account;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(2);

    @Test
    void argon2idAtTheOwaspCost() {
        String hash = hasher.hash("pässwörd with spaces ");
        assertThat(hash, startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertThat(hasher.verify("pässwörd with spaces ", hash), is(true));
        assertThat(hasher.verify("pässwörd with spaces", hash), is(false));
        assertThat(hasher.needsRehash(hash), is(false));
        assertThat(hasher.hash("same"), not(hasher.hash("same")));
    }

    @Test
    void werkzeugScryptFromTheOriginalDatabase() {
        // Python: hashlib.scrypt(b"correct horse", salt=b"AbCdEfGh12345678", n=32768, r=8, p=1, dklen=64).hex()
        String stored = "scrypt:32768:8:1$AbCdEfGh12345678$a40e151ba14e69c5af5070ad83a3d4831fdec420a8564063ac8db3295a779cc3"
                + "2c8b89881a044abe960c04ed72c9c4f2076c0f1af16a174e818ab321bf472a48";
        assertThat(hasher.verify("correct horse", stored), is(true));
        assertThat(hasher.verify("correct horsE", stored), is(false));
        assertThat(hasher.needsRehash(stored), is(true));
    }

    @Test
    void werkzeugPbkdf2FromOlderRows() {
        // Python: hashlib.pbkdf2_hmac("sha256", b"correct horse", b"SaltSalt12345678", 600000).hex()
        String stored = "pbkdf2:sha256:600000$SaltSalt12345678$d5627f0fcf39ee6499fa712847789be380edaaf4d6598848cfb7911ea7dee6b6";
        assertThat(hasher.verify("correct horse", stored), is(true));
        assertThat(hasher.verify("wrong horse", stored), is(false));
        assertThat(hasher.needsRehash(stored), is(true));
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        for (String stored : new String[] {"", "plain", "scrypt:x:8:1$salt$00", "scrypt:32768:8:1$salt", "pbkdf2:md5:1$s$00",
                "pbkdf2:sha256:abc$s$00", "scrypt:32768:8:1$salt$zz", "$argon2id$broken"}) {
            assertThat(stored, hasher.verify("anything", stored), is(false));
        }
    }
}
