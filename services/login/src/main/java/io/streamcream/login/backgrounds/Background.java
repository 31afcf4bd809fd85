package io.streamcream.login.backgrounds;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One stored background.
 *
 * @param name       its name
 * @param file       where it is
 * @param size       bytes
 * @param modifiedAt last modification (what {@code Last-Modified} reports)
 */
record Background(BackgroundName name, Path file, long size, Instant modifiedAt) {

    /** @return the Content-Type */
    String mediaType() {
        return name.type().mediaType();
    }

    /** @return a strong validator: names are never reused and files never rewritten */
    String etag() {
        return "\"" + name.random() + "-" + Long.toHexString(size) + "\"";
    }
}
