package io.streamcream.login.backgrounds;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stored background names: {@code <userId>-<12 hex digits of upload millis><32 hex random>.<ext>}.
 * The 128 random bits make a name unguessable, so serving by name needs no token; the owner id
 * locates the file without a search; the time orders uploads. Any text that does not match the
 * pattern exactly (traversal attempts in whatever encoding included) is not a name.
 */
record BackgroundName(long userId, long uploadedMillis, String random, ImageType type) {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,18})-([0-9a-f]{12})([0-9a-f]{32})\\.([a-z]{3,4})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A fresh name.
     *
     * @param userId         owner
     * @param uploadedMillis upload time
     * @param type           image type
     * @return the name
     */
    static BackgroundName create(long userId, long uploadedMillis, ImageType type) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new BackgroundName(userId, uploadedMillis, HexFormat.of().formatHex(bytes), type);
    }

    /**
     * @param text a name as received
     * @return the name when the text is exactly one this service could have produced
     */
    static Optional<BackgroundName> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long userId;
        try {
            userId = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long millis = Long.parseLong(matcher.group(2), 16);
        return ImageType.byExtension(matcher.group(4))
                .map(type -> new BackgroundName(userId, millis, matcher.group(3), type));
    }

    /** @return the file name */
    String fileName() {
        return userId + "-" + String.format("%012x", uploadedMillis) + random + "." + type.extension();
    }

    @Override
    public String toString() {
        return fileName();
    }
}
