package io.streamcream.tts.audio;

/**
 * Who owns an audio file: a user, or the anonymous owner of the compatible routes (when the
 * configuration allows callers without a token), whose files are kept apart from every user's.
 *
 * @param userId the user's id, or 0 for the anonymous owner
 */
public record AudioOwner(long userId) {

    /** @return the anonymous owner */
    public static AudioOwner anonymous() {
        return new AudioOwner(0);
    }

    /** @return whether this is the anonymous owner */
    public boolean isAnonymous() {
        return userId == 0;
    }
}
