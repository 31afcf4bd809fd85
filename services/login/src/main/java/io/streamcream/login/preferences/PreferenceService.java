package io.streamcream.login.preferences;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.dbclient.DbClientException;

import io.streamcream.common.db.Database;
import io.streamcream.common.json.Json;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.server.Platform;

/**
 * Reads and writes a user's preferences. Every write is a read-modify-write of the whole document
 * under a row lock ({@code SELECT ... FOR UPDATE}), so concurrent merges by the same user never
 * lose an update; a first write that races another one for the row insert is retried.
 */
public final class PreferenceService {

    private static final System.Logger LOG = System.getLogger(PreferenceService.class.getName());

    /** SQL states worth another attempt: unique violation (row insert race), lock timeout, deadlock. */
    private static final Set<String> RETRYABLE = Set.of("23505", "HYT00", "40001", "40P01", "55P03");
    private static final int ATTEMPTS = 6;

    private final Database database;
    private final PreferenceRules rules;
    private final PreferenceSecrets secrets;
    private final Clock clock;

    PreferenceService(Database database, PreferenceRules rules, PreferenceSecrets secrets, Clock clock) {
        this.database = database;
        this.rules = rules;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * @param platform shared parts ({@code preferences.*} configuration, database, clock)
     * @param cipher   encrypts the secret fields
     * @return the service
     */
    public static PreferenceService create(Platform platform, SecretCipher cipher) {
        return new PreferenceService(platform.database(), PreferenceRules.create(platform.config().get("preferences")),
                new PreferenceSecrets(cipher), platform.clock());
    }

    /** @return the largest preferences document, in bytes of JSON */
    public int maxDocumentBytes() {
        return rules.maxBytes();
    }

    /**
     * The stored preferences in clear with the defaults filled in ({@code debugMode: false}, as the
     * original service answered). Defaults are not stored.
     *
     * @param userId the owner
     * @return the preferences
     */
    public ObjectNode get(long userId) {
        ObjectNode document = PreferencesRepository.read(database.client().execute(), userId)
                .map(stored -> secrets.open(userId, parse(userId, stored)))
                .orElseGet(Json::object);
        return withDefaults(document);
    }

    /**
     * Replaces the whole document.
     *
     * @param userId   the owner
     * @param document the new document (validated here)
     * @return the stored preferences with defaults
     */
    public ObjectNode replace(long userId, ObjectNode document) {
        ObjectNode clean = withoutNulls(document);
        rules.requireValid(clean);
        rules.requireSize(clean);
        return withDefaults(write(userId, current -> clean));
    }

    /**
     * Shallow merge: each top-level member of the patch replaces the stored one; a {@code null}
     * member removes it; other stored members are kept.
     *
     * @param userId the owner
     * @param patch  the members to change (validated here)
     * @return the stored preferences with defaults
     */
    public ObjectNode merge(long userId, ObjectNode patch) {
        rules.requireValid(patch);
        return withDefaults(write(userId, current -> {
            for (Map.Entry<String, JsonNode> member : patch.properties()) {
                if (member.getValue().isNull()) {
                    current.remove(member.getKey());
                } else {
                    current.set(member.getKey(), member.getValue().deepCopy());
                }
            }
            rules.requireSize(current);
            return current;
        }));
    }

    /**
     * Clears the stored document.
     *
     * @param userId the owner
     * @return the defaults
     */
    public ObjectNode reset(long userId) {
        return withDefaults(write(userId, current -> Json.object()));
    }

    private ObjectNode write(long userId, UnaryOperator<ObjectNode> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inTransaction(tx -> {
                    var stored = PreferencesRepository.lock(tx, userId);
                    ObjectNode sealedBefore = stored.map(text -> parse(userId, text)).orElse(null);
                    ObjectNode openedBefore = sealedBefore == null ? null : secrets.open(userId, sealedBefore.deepCopy());
                    ObjectNode current = openedBefore == null ? Json.object() : openedBefore.deepCopy();
                    ObjectNode next = change.apply(current);
                    String sealed = Json.text(secrets.seal(userId, next.deepCopy(), sealedBefore, openedBefore));
                    long now = clock.millis();
                    if (stored.isPresent()) {
                        PreferencesRepository.update(tx, userId, sealed, now);
                    } else {
                        PreferencesRepository.insert(tx, userId, sealed, now);
                    }
                    return next;
                });
            } catch (DbClientException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static boolean retryable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a preferences write", e);
        }
    }

    private static ObjectNode parse(long userId, String stored) {
        try {
            if (Json.parse(stored) instanceof ObjectNode object) {
                return object;
            }
        } catch (Json.MalformedJsonException e) {
            LOG.log(Level.WARNING, "Stored preferences of user " + userId + " are not JSON: " + e.getMessage());
            return Json.object();
        }
        LOG.log(Level.WARNING, "Stored preferences of user " + userId + " are not a JSON object; treated as empty");
        return Json.object();
    }

    private static ObjectNode withoutNulls(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        copy.properties().removeIf(member -> member.getValue().isNull());
        return copy;
    }

    private static ObjectNode withDefaults(ObjectNode document) {
        ObjectNode view = document.deepCopy();
        if (!view.has("debugMode") || view.get("debugMode").isNull()) {
            view.put("debugMode", false);
        }
        return view;
    }
}
