package io.streamcream.common.streams;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link JdbcStreamRecords} and {@link StreamKeys} on a real database (H2 and PostgreSQL subclasses). */
abstract class StreamRecordsTests {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final TestEnvironment env;
    final StreamKeys keys;
    final StreamRecords records;

    StreamRecordsTests(TestEnvironment env) {
        this.env = env;
        this.keys = new StreamKeys(SecretCipher.create(env.platform().config(), env.platform().secrets()));
        this.records = new JdbcStreamRecords(env.platform().database(), keys);
    }

    long user() {
        String name = "streamer_" + COUNTER.incrementAndGet();
        long now = System.currentTimeMillis();
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                        + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', TRUE, 0, ?, ?)",
                name, name, name + "@example.com", name + "@example.com", now, now);
        return env.db().get("SELECT id FROM users WHERE username_key = ?", name.toLowerCase(Locale.ROOT)).orElseThrow()
                .column("id").get(Number.class).longValue();
    }

    long stream(long userId, String title, String key, long createdAt) {
        env.db().insert("INSERT INTO streams (user_id, title, stream_key_enc, stream_key_hash, is_live, created_at) "
                + "VALUES (?, ?, ?, ?, FALSE, ?)", userId, title, keys.seal(userId, key), keys.fingerprint(key), createdAt);
        return env.db().get("SELECT id FROM streams WHERE stream_key_hash = ?", keys.fingerprint(key)).orElseThrow()
                .column("id").get(Number.class).longValue();
    }

    @Test
    void recordsAreFoundByIdByKeyAndByOwner() {
        long owner = user();
        long other = user();
        String key = StreamKeys.generate();
        long first = stream(owner, "first", key, 1_000);
        long second = stream(owner, "second", StreamKeys.generate(), 2_000);
        stream(other, "foreign", StreamKeys.generate(), 3_000);

        StreamRecord found = records.find(first).orElseThrow();
        assertThat(found.userId(), is(owner));
        assertThat(found.title(), is("first"));
        assertThat(found.description(), is(""));
        assertThat(found.streamKey(), is(key));
        assertThat(found.live(), is(false));
        assertThat(found.startTime().isPresent(), is(false));
        assertThat(found.createdAt(), is(Instant.ofEpochMilli(1_000)));

        assertThat(records.findByKey(key).orElseThrow().id(), is(first));
        assertThat(records.findByKey(key + "x").isPresent(), is(false));
        assertThat(records.findByKey("").isPresent(), is(false));
        assertThat(records.find(999_999_999L).isPresent(), is(false));
        assertThat(records.listByUser(owner).stream().map(StreamRecord::id).toList(), is(List.of(second, first)));
        assertThat(records.listByUser(user()).isEmpty(), is(true));
    }

    @Test
    void liveStateGoesLiveAndEnds() {
        long owner = user();
        long id = stream(owner, "show", StreamKeys.generate(), 5_000);
        Instant start = Instant.parse("2026-03-04T05:06:07.089Z");
        assertThat(records.markEnded(id, start), is(false));
        assertThat(records.markLive(id, start), is(true));
        StreamRecord live = records.find(id).orElseThrow();
        assertThat(live.live(), is(true));
        assertThat(live.startTime().orElseThrow(), is(start));
        assertThat(live.endTime().isPresent(), is(false));

        Instant end = start.plusSeconds(90);
        assertThat(records.markEnded(id, end), is(true));
        StreamRecord ended = records.find(id).orElseThrow();
        assertThat(ended.live(), is(false));
        assertThat(ended.endTime().orElseThrow(), is(end));
        assertThat(ended.startTime().orElseThrow(), is(start));
        assertThat(records.markEnded(id, end.plusSeconds(5)), is(false));

        // Going live again starts a new session: the old end time is cleared.
        assertThat(records.markLive(id, end.plusSeconds(60)), is(true));
        assertThat(records.find(id).orElseThrow().endTime().isPresent(), is(false));
        assertThat(records.markLive(999_999_999L, start), is(false));
    }

    @Test
    void keysAreGeneratedCheckedAndNeverStoredInClear() {
        String generated = StreamKeys.generate();
        assertThat(generated, matchesPattern("sc_[0-9a-f]{40}"));
        assertThat(StreamKeys.generate(), not(generated));
        assertThat(StreamKeys.acceptable(generated), is(true));
        assertThat(StreamKeys.acceptable("?streamname=live_1_2&key=abc&schedule=rtmp"), is(true));
        assertThat(StreamKeys.acceptable("short"), is(false));
        assertThat(StreamKeys.acceptable("with space"), is(false));
        assertThat(StreamKeys.acceptable("a/b/c/d/e/f"), is(false));
        assertThat(StreamKeys.acceptable("k".repeat(StreamKeys.MAX_LENGTH + 1)), is(false));
        assertThat(StreamKeys.acceptable(null), is(false));

        long owner = user();
        long id = stream(owner, "secret", generated, 7_000);
        String stored = env.db().get("SELECT stream_key_enc, stream_key_hash FROM streams WHERE id = ?", id).orElseThrow()
                .column("stream_key_enc").get(String.class);
        assertThat(stored, not(containsString(generated.substring(3))));
        // The stored key is bound to its owner: moved to another user's row it no longer opens.
        long thief = user();
        env.db().update("UPDATE streams SET user_id = ? WHERE id = ?", thief, id);
        SecretCipher.SecretException moved = assertThrows(SecretCipher.SecretException.class, () -> records.find(id));
        assertThat(moved.getMessage(), containsString("authentication failed"));
    }
}
