package io.streamcream.login.preferences;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.streamcream.common.testing.TestEnvironment;

/** Signed-in users for route tests: a verified user row inserted directly and a token issued for it. */
public final class TestAccounts {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestAccounts() {
    }

    /**
     * A user and a token.
     *
     * @param id       user id
     * @param username user name
     * @param token    bearer token
     */
    public record SignedIn(long id, String username, String token) {
    }

    /**
     * Creates a verified user and signs it in.
     *
     * @param env    the test environment
     * @param prefix name prefix
     * @return the user
     */
    public static SignedIn create(TestEnvironment env, String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() % 1000 + "_" + COUNTER.incrementAndGet();
        String key = name.toLowerCase(Locale.ROOT);
        long now = System.currentTimeMillis();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                        + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, TRUE, 0, ?, ?)",
                name, key, name + "@example.com", key + "@example.com", "not-a-usable-hash", now, now);
        long id = env.db().get("SELECT id FROM users WHERE username_key = ?", key).orElseThrow()
                .column("id").get(Number.class).longValue();
        return new SignedIn(id, name, env.platform().tokens().issue(id, 0).token());
    }
}
