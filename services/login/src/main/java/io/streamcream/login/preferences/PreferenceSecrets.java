package io.streamcream.login.preferences;

import java.lang.System.Logger.Level;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamcream.common.security.SecretCipher;

/**
 * The preference fields that hold secrets (the LLM API key and RTMP stream keys), encrypted before
 * they are stored and decrypted for their owner only. Each value is bound to its user and path.
 */
final class PreferenceSecrets {

    private static final System.Logger LOG = System.getLogger(PreferenceSecrets.class.getName());

    /** Secret paths as (parent object or "" for the top level, member). */
    private static final List<String[]> PATHS = List.of(
            new String[] {"aiSettings", "apiKey"},
            new String[] {"", "stream_key"},
            new String[] {"", "streamKey"},
            new String[] {"liveSettings", "stream_key"},
            new String[] {"liveSettings", "streamKey"});

    private final SecretCipher cipher;

    /**
     * @param cipher AES-GCM cipher
     */
    PreferenceSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * Encrypts every non-empty secret of a clear document in place.
     *
     * @param userId   owner
     * @param document clear document
     * @return the same document, now safe to store
     */
    ObjectNode seal(long userId, ObjectNode document) {
        return seal(userId, document, null, null);
    }

    /**
     * Encrypts every non-empty secret of a clear document in place, reusing the stored ciphertext of
     * a secret whose clear value did not change (a merge that leaves the API key alone does not
     * encrypt it again).
     *
     * @param userId   owner
     * @param document clear document to store
     * @param previous the document as it was stored (sealed), or {@code null}
     * @param opened   the same document in clear, or {@code null}
     * @return the same document, now safe to store
     */
    ObjectNode seal(long userId, ObjectNode document, ObjectNode previous, ObjectNode opened) {
        for (String[] path : PATHS) {
            ObjectNode parent = parent(document, path[0]);
            JsonNode value = parent == null ? null : parent.get(path[1]);
            if (value != null && value.isTextual() && !value.textValue().isEmpty()) {
                JsonNode before = valueAt(opened, path);
                JsonNode sealedBefore = valueAt(previous, path);
                if (before != null && before.equals(value) && sealedBefore != null && sealedBefore.isTextual()
                        && SecretCipher.isEncrypted(sealedBefore.textValue())) {
                    parent.put(path[1], sealedBefore.textValue());
                } else {
                    parent.put(path[1], cipher.encrypt(value.textValue(), context(userId, path)));
                }
            }
        }
        return document;
    }

    private static JsonNode valueAt(ObjectNode document, String[] path) {
        ObjectNode parent = document == null ? null : parent(document, path[0]);
        return parent == null ? null : parent.get(path[1]);
    }

    /**
     * Decrypts every secret of a stored document in place. A value stored before encryption existed
     * (migrated rows) is returned as it is; one that cannot be decrypted is left out and logged.
     *
     * @param userId   owner
     * @param document stored document
     * @return the same document in clear
     */
    ObjectNode open(long userId, ObjectNode document) {
        for (String[] path : PATHS) {
            ObjectNode parent = parent(document, path[0]);
            JsonNode value = parent == null ? null : parent.get(path[1]);
            if (value != null && value.isTextual() && SecretCipher.isEncrypted(value.textValue())) {
                try {
                    parent.put(path[1], cipher.decrypt(value.textValue(), context(userId, path)));
                } catch (SecretCipher.SecretException e) {
                    LOG.log(Level.WARNING, "Cannot decrypt preference " + name(path) + " of user " + userId
                            + ": " + e.getMessage() + " (was security.encryption-key changed?)");
                    parent.remove(path[1]);
                }
            }
        }
        return document;
    }

    private static ObjectNode parent(ObjectNode document, String name) {
        if (name.isEmpty()) {
            return document;
        }
        return document.get(name) instanceof ObjectNode child ? child : null;
    }

    private static String context(long userId, String[] path) {
        return "preferences:" + userId + ":" + name(path);
    }

    private static String name(String[] path) {
        return path[0].isEmpty() ? path[1] : path[0] + "." + path[1];
    }
}
