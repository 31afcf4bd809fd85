package io.streamcream.tts.speech;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.helidon.config.Config;

/**
 * An optional banned-words filter applied before sentences are spoken ({@code tts.moderation}):
 * {@code banned-words} (comma separated, matched ignoring case) and {@code mode}: {@code mask}
 * replaces each banned word with asterisks, {@code remove} drops the whole sentence.
 */
public final class Moderation {

    private final List<String> banned;
    private final boolean remove;

    /**
     * @param moderation the {@code tts.moderation} node
     */
    public Moderation(Config moderation) {
        this.banned = Arrays.stream(moderation.get("banned-words").asString().orElse("").split(","))
                .map(String::strip).filter(w -> !w.isEmpty()).toList();
        this.remove = moderation.get("mode").asString().orElse("mask").equalsIgnoreCase("remove");
    }

    /**
     * @param sentences sentences to check
     * @return the sentences with banned words masked, or without the sentences that had one
     */
    public List<String> apply(List<String> sentences) {
        if (banned.isEmpty()) {
            return sentences;
        }
        List<String> kept = new ArrayList<>();
        for (String sentence : sentences) {
            String masked = mask(sentence);
            if (masked.equals(sentence) || !remove) {
                kept.add(masked);
            }
        }
        return kept;
    }

    private String mask(String sentence) {
        String result = sentence;
        for (String word : banned) {
            String lower = result.toLowerCase(Locale.ROOT);
            String target = word.toLowerCase(Locale.ROOT);
            int at = lower.indexOf(target);
            while (at >= 0) {
                result = result.substring(0, at) + "*".repeat(word.codePointCount(0, word.length()))
                        + result.substring(at + word.length());
                lower = result.toLowerCase(Locale.ROOT);
                at = lower.indexOf(target, at + 1);
            }
        }
        return result;
    }
}
