package io.streamcream.streaming;

import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.streams.StreamKeys;
import io.streamcream.common.testing.TestEnvironment;

/** Users, tokens and stream records arranged directly in the test database. */
final class TestUsers {

    private TestUsers() {
    }

    /** A user and a valid token. */
    record User(long id, String name, String token) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    static User create(TestEnvironment env, String prefix) {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        long now = System.currentTimeMillis();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                        + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, TRUE, 0, ?, ?)",
                name, name.toLowerCase(), name + "@example.com", name.toLowerCase() + "@example.com", "x", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = ?", name.toLowerCase()).orElseThrow()
                .column("id").get(Number.class).longValue();
        return new User(id, name, env.platform().tokens().issue(id, 0).token());
    }

    /** Inserts a stream record for the user with the given key; returns its id. */
    static long streamRecord(TestEnvironment env, User user, String key) {
        StreamKeys keys = new StreamKeys(SecretCipher.create(env.platform().config(), env.platform().secrets()));
        env.db().insert("INSERT INTO streams (user_id, title, description, stream_key_enc, stream_key_hash, is_live, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, FALSE, ?)",
                user.id(), "test stream", "", keys.seal(user.id(), key), keys.fingerprint(key), System.currentTimeMillis());
        return env.db().get("SELECT id FROM streams WHERE stream_key_hash = ?", keys.fingerprint(key)).orElseThrow()
                .column("id").get(Number.class).longValue();
    }
}
