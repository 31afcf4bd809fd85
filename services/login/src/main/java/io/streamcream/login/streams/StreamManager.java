package io.streamcream.login.streams;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.helidon.dbclient.DbClientException;

import io.streamcream.common.http.ApiException;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.server.Platform;
import io.streamcream.common.streams.StreamKeys;
import io.streamcream.common.streams.StreamRecord;

/**
 * The owner's operations on stream records. Keys are generated (or taken from the request), stored
 * encrypted and made unique through their fingerprint; a record that belongs to someone else is a
 * 404, never a hint that it exists.
 */
public final class StreamManager {

    private final StreamStore store;
    private final Clock clock;

    StreamManager(StreamStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param platform shared parts
     * @param cipher   encrypts stream keys
     * @return the manager
     */
    public static StreamManager create(Platform platform, SecretCipher cipher) {
        return new StreamManager(new StreamStore(platform.database(), new StreamKeys(cipher)), platform.clock());
    }

    List<StreamRecord> list(long userId) {
        return store.list(userId);
    }

    StreamRecord get(long userId, long id) {
        return store.owned(userId, id).orElseThrow(StreamManager::notFound);
    }

    StreamRecord create(long userId, StreamForms.Create form) {
        String key = form.streamKey().orElseGet(StreamKeys::generate);
        return uniqueKey(() -> store.insert(userId, form.title(), form.description(), key, clock.millis()));
    }

    StreamRecord update(long userId, long id, StreamForms.Patch patch) {
        StreamRecord current = get(userId, id);
        if (patch.changesKey() && current.live()) {
            throw ApiException.conflict("直播进行中，不能更换推流密钥");
        }
        String key = patch.regenerateKey() ? StreamKeys.generate() : patch.streamKey().orElse(current.streamKey());
        return uniqueKey(() -> store.update(userId, id,
                patch.title().orElse(current.title()),
                patch.description().orElse(current.description()),
                key).orElseThrow(StreamManager::notFound));
    }

    void delete(long userId, long id) {
        StreamRecord current = get(userId, id);
        if (current.live()) {
            throw ApiException.conflict("直播进行中，不能删除推流记录");
        }
        if (!store.delete(userId, id)) {
            throw notFound();
        }
    }

    private static StreamRecord uniqueKey(Supplier<StreamRecord> write) {
        try {
            return write.get();
        } catch (DbClientException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw ApiException.conflict("推流密钥已被使用，请换一个");
                }
            }
            throw e;
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("推流记录不存在");
    }
}
